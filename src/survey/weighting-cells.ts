/**
 * Weighting cells that mean the same in every year. Weighting to another year's mix needs the
 * variable cut the same way in both years, and org_size and region were recut in 2022 (see
 * codebook_breaks): each cell here lists the options, of any year, that fall in it. A question
 * not listed weights on its own options, which must then match between the years.
 */
export const WEIGHTING_CELLS: Record<string, Record<string, readonly string[]>> = {
  org_size: {
    // why: 2018–2021 cut at <10 / 10-49, 2022 at 10 or less / 11-50; both years' first three
    // buckets end at 99, so "under 100" is the finest cell both share
    "under 100": ["<10", "10-49", "50-99", "10 or less", "11-50"],
    "100-499": ["100-499"],
    "500-999": ["500-999"],
    "1000-4999": ["1000-4999"],
    // why: 2022 split 5,000+ in two
    "5000+": [">5000", "5,000-19,999", "20,000 or more"],
  },
  region: {
    Europe: ["Europe", "Europe (including Russia)"],
    // why: 2022 moved Mexico out of North America (into Latin America): a small shift the
    // cells cannot undo, stated in the README
    "North America": ["North America", "United States or Canada"],
    // why: 2022 split Asia in four (China, India, Japan, the rest of Asia-Pacific, which
    // takes in Australia and Oceania, a region of its own before)
    "Asia-Pacific": [
      "Asia",
      "Australia and Oceania",
      "Asia-Pacific (except China, India, and Japan)",
      "China",
      "India",
      "Japan",
    ],
    // why: Africa and Latin America hold 2–4% each: one cell keeps their weights sane
    "Africa and Latin America": [
      "Africa",
      "South and Central America",
      "Mexico, Central America, the Caribbean, or South America",
    ],
  },
};

/** The cell an answer falls in: the harmonised cell where the question has them, else the answer. */
export function weightingCell(question: string, option: string): string | null {
  const cells = WEIGHTING_CELLS[question];
  if (!cells) return option;
  for (const [cell, options] of Object.entries(cells)) if (options.includes(option)) return cell;
  return null;
}
