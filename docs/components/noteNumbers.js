// The notes of a card's drawn rows, numbered once for the whole card: the bars' marks, the trend's
// markers and the one list under the card share the numbers.

/** @typedef {import("../../src/site/site-data-types.ts").Note} Note */
/**
 * A note as the card lists it: numbered, with the years and views it applies to.
 * @typedef {Note & { years: Set<number>, views: Set<string>, number: number }} NumberedNote
 */
/** @typedef {{ year: number, notes?: Note[] }} NotedRow */

const key = (/** @type {Note} */ note) => `${note.kind}\u0000${note.text}`;

/**
 * The break that matters most comes first: a paid panel in a year's sample changes who every
 * value of that year counts (the 2022 panel), where the other breaks touch one question or option.
 */
export const LEAD_KIND = "panel";

/**
 * Numbers each distinct note (kind and text) of the rows, the lead kind's first, then in year
 * order, with the years it applies to and the views that draw it. `views` names each group of rows
 * (`{ bars: rows, trend: rows }`); a plain array is one unnamed view. `numbersOf(row)` gives a
 * row's note numbers; `lead` is the first note when it is of the lead kind, else undefined.
 * @param {NotedRow[] | Record<string, NotedRow[]>} views
 */
export function numberNotes(views) {
  const groups = Array.isArray(views) ? { "": views } : views;
  /** @type {Map<string, NumberedNote>} */
  const byKey = new Map();
  const all = Object.entries(groups).flatMap(([view, rows]) => rows.map((row) => ({ view, row })));
  for (const { view, row } of all.sort((a, b) => a.row.year - b.row.year))
    for (const note of row.notes ?? []) {
      const k = key(note);
      const numbered = byKey.get(k) ?? { ...note, years: new Set(), views: new Set(), number: 0 };
      byKey.set(k, numbered);
      numbered.years.add(row.year);
      if (view) numbered.views.add(view);
    }
  // A stable sort: within each part, the order the years give.
  const notes = [...byKey.values()].sort(
    (a, b) => Number(a.kind !== LEAD_KIND) - Number(b.kind !== LEAD_KIND),
  );
  notes.forEach((n, i) => (n.number = i + 1));
  const lead = notes[0]?.kind === LEAD_KIND ? notes[0] : undefined;
  return {
    notes,
    lead,
    /** @param {NotedRow} row @returns {number[]} */
    numbersOf: (row) =>
      (row.notes ?? [])
        .map((n) => byKey.get(key(n))?.number)
        .filter((n) => n !== undefined)
        .sort((a, b) => a - b),
    /** Whether a row carries the note (its kind and text). */
    /** @param {NotedRow} row @param {Note | undefined} note */
    has: (row, note) => note !== undefined && (row.notes ?? []).some((n) => key(n) === key(note)),
  };
}

/**
 * "2–5" for a run, "1, 3" otherwise.
 * @param {number[]} numbers
 */
export function formatNumbers(numbers) {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  /** @type {[number, number][]} */
  const runs = [];
  for (const n of sorted) {
    const last = runs.at(-1);
    if (last && n === last[1] + 1) last[1] = n;
    else runs.push([n, n]);
  }
  return runs
    .map(([a, b]) => (a === b ? `${a}` : b === a + 1 ? `${a}, ${b}` : `${a}–${b}`))
    .join(", ");
}
