// The Momentum page's series, from momentum.json: what the line charts and the tables draw.

/** @typedef {import("../../src/site/site-data-types.ts").MomentumFile} MomentumFile */
/** @typedef {"stars" | "contributors"} Measure */

/**
 * Each chosen item's counts over the snapshots. A repository replaced or forked between two
 * snapshots starts a new stretch of its line (`part`): the counts before and after are two
 * repositories' and a line between them would draw a fall or a rise no one made. A move keeps the
 * line (same first commit; GitHub carries the stars along). Zero and unknown values are left out:
 * the charts are on a log scale.
 * @param {Pick<MomentumFile, "snapshots" | "items" | "breaks">} file
 * @param {string[]} keys item keys, in the order the key lists them
 * @param {Measure} measure
 */
export function itemPoints(file, keys, measure) {
  const dates = file.snapshots.map((s) => new Date(`${s}T00:00:00Z`));
  return keys.flatMap((key) => {
    const item = file.items.find((i) => i.key === key);
    if (!item) return [];
    const cuts = new Set(
      file.breaks.filter((b) => b.key === key && b.kind !== "moved").map((b) => b.to_snapshot),
    );
    let part = 0;
    return file.snapshots.flatMap((s, i) => {
      if (cuts.has(s)) part++;
      const value = item[measure][i];
      return value ? [{ name: item.name, date: /** @type {Date} */ (dates[i]), value, part }] : [];
    });
  });
}

/**
 * Each category's summed counts over the snapshots (the items it held at each, with GitHub facts).
 * @param {Pick<MomentumFile, "categories">} file
 * @param {Measure} measure
 */
export function categoryPoints(file, measure) {
  return file.categories
    .filter((c) => c[measure] > 0)
    .map((c) => ({
      name: c.category,
      date: new Date(`${c.snapshot}T00:00:00Z`),
      value: c[measure],
      part: 0,
    }));
}

/**
 * The landscape explorer's view of an item: its name searched in the explorer's snapshot in force
 * at `date` (the newest on or before it; the explorer's oldest when none is), since an item of
 * 2019 may have left the landscape or changed its name since.
 * @param {string} name
 * @param {string} date
 * @param {string[]} snapshots the landscape explorer's snapshots, oldest first
 */
export function landscapeHref(name, date, snapshots) {
  const at = snapshots.filter((s) => s <= date).at(-1) ?? snapshots[0];
  const params = new URLSearchParams({ "landscape.q": name });
  if (at && at !== snapshots.at(-1)) params.set("landscape.at", at);
  return `./landscape?${params}`;
}
