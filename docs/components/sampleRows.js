// A panel year (respondents marked panel or community) has its rows three times: everyone, the
// community part, the paid panel.

/**
 * The sample choices, in the order the control lists them.
 * @type {[sample: string, label: string][]}
 */
export const SAMPLES = [
  ["all", "all respondents"],
  ["community", "community only"],
  ["panel", "paid panel only"],
];
export const sampleLabel = (/** @type {string} */ sample) => new Map(SAMPLES).get(sample) ?? sample;

/**
 * The choices of a sample control, in its order: the year view leads with everyone (what CNCF
 * published); a trend leads with the community part, the kind of respondents earlier years had.
 * @type {Record<"year" | "trend", [sample: string, label: string][]>}
 */
export const SAMPLE_CHOICES = {
  year: [
    ["all", "all respondents (as CNCF published)"],
    ["community", "community only"],
    ["panel", "paid panel only"],
  ],
  trend: [
    ["community", "community only (like earlier years)"],
    ["all", "all respondents (as CNCF published)"],
    ["panel", "paid panel only"],
  ],
};

/** Years that have rows of the community / panel split. */
export const splitYears = (/** @type {{ year: number, sample: string }[]} */ rows) =>
  new Set(rows.filter((r) => r.sample !== "all").map((r) => r.year));

/**
 * The rows of one sample: a split year's rows of that sample, every other year's "all" rows
 * (a year without a panel has only its whole sample, community-only in kind).
 * @template {{ year: number, sample: string }} R
 * @param {R[]} rows
 * @param {string} sample
 */
export function inSample(rows, sample) {
  const split = splitYears(rows);
  return rows.filter((r) =>
    split.has(r.year) && sample !== "all" ? r.sample === sample : r.sample === "all",
  );
}

/** A sample in a word or two, under a year on a trend's axis. */
export const sampleShort = (/** @type {string} */ sample) =>
  /** @type {Record<string, string>} */ ({
    all: "all",
    community: "community",
    panel: "paid panel",
  })[sample] ?? sample;
