// The breaks of drawn rows, numbered once: the chart's markers and the list below it share numbers.

const key = (note) => `${note.kind}\u0000${note.text}`;

/**
 * Numbers each distinct note (kind and text) of the rows, in year order, with the years it
 * applies to; `numbersOf(row)` gives a row's note numbers.
 */
export function numberNotes(rows) {
  const byKey = new Map();
  for (const row of [...rows].sort((a, b) => a.year - b.year))
    for (const note of row.notes ?? []) {
      const k = key(note);
      if (!byKey.has(k)) byKey.set(k, { number: byKey.size + 1, ...note, years: new Set() });
      byKey.get(k).years.add(row.year);
    }
  return {
    notes: [...byKey.values()],
    numbersOf: (row) => (row.notes ?? []).map((n) => byKey.get(key(n)).number),
  };
}

/** "2–5" for a run, "1, 3" otherwise. */
export function formatNumbers(numbers) {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
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
