/** Levenshtein distance, for "did you mean" answers to unknown names. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(
        prev[j]! + 1,
        row[j - 1]! + 1,
        prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    prev = row;
  }
  return prev[b.length]!;
}

/** How much of a wanted name is compared: far longer than any name it could be a typo of. */
export const MAX_WANTED = 200;

/**
 * The candidates closest to `wanted` (case-insensitive; a substring match counts as closest, and
 * a typo in the start of a long name, "orchestraton", is measured against that start).
 */
export function nearest(wanted: string, candidates: Iterable<string>, count = 3): string[] {
  // why: the distance costs |wanted| × |candidate| per name; a 100 KB argument took 29 s against
  // the landscape's organizations. Past its first MAX_WANTED characters a typed name is noise.
  const w = wanted.slice(0, MAX_WANTED).toLowerCase();
  return [...new Set(candidates)]
    .map((c) => {
      const l = c.toLowerCase();
      const d =
        l.includes(w) || w.includes(l)
          ? -1
          : Math.min(distance(w, l), distance(w, l.slice(0, w.length)) + 1);
      return { c, d };
    })
    .sort((x, y) => x.d - y.d || x.c.localeCompare(y.c))
    .slice(0, count)
    .map((x) => x.c);
}
