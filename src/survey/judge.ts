// How a computed value is judged against the number the book prints. Browser-safe: the
// scorecard page states the same rule it is judged by.

export type Status = "reproduced" | "close" | "not reproduced" | "no raw data" | "not computed";

const decimals = (x: number) => (String(x).split(".")[1] ?? "").length;
// x·10^d carries binary noise (0.1445 × 1000 = 144.49999999999997): twelve significant digits
// drop it before rounding half up, as the book's percentages are rounded.
const roundTo = (x: number, d: number) =>
  Math.round(Number((x * 10 ** d).toPrecision(12))) / 10 ** d;

/**
 * The rule a claim is judged by, in words, for the scorecard page and its CSV's provenance: the
 * same constants as judge() below.
 */
export const JUDGING_RULE = [
  "reproduced: the computed value, rounded half up to as many decimals as the book prints, equals the printed value; a share is its count / n, unrounded before this one rounding",
  "close: not reproduced, but within 1.5 percentage points of a printed share (10% of a printed mean or ratio); an n, a rank or a count is never close",
  "a qualified number is judged by its qualifier: more than (above it), at least (at or above it; close within the same margin), at most (at or below it), almost (at or below it and within 3 points), about (within 1 point of a share, 0.1 of a mean or ratio, 1 of a rank; close within twice that)",
];

/** Compares a computed value with a printed one the way the book rounds and qualifies it. */
export function judge(
  claim: { measure: string; value: number; qualifier: string },
  computed: number,
): Status {
  const { value, qualifier, measure } = claim;
  const isShare = measure === "share";
  const closeBy = isShare ? 0.015 : Math.abs(value) * 0.1;
  switch (qualifier) {
    case "more than":
      return computed > value ? "reproduced" : "not reproduced";
    case "at least":
      return computed >= value
        ? "reproduced"
        : computed >= value - closeBy
          ? "close"
          : "not reproduced";
    case "at most":
      return computed <= value ? "reproduced" : "not reproduced";
    case "almost":
      return computed <= value && computed >= value - (isShare ? 0.03 : closeBy)
        ? "reproduced"
        : "not reproduced";
    case "about": {
      const tolerance = measure === "rank" ? 1 : isShare ? 0.01 : 0.1;
      const diff = Math.abs(computed - value);
      return diff <= tolerance ? "reproduced" : diff <= 2 * tolerance ? "close" : "not reproduced";
    }
    default: {
      if (roundedAsPrinted(value, computed) === value) return "reproduced";
      return Math.abs(computed - value) <= closeBy &&
        measure !== "n" &&
        measure !== "rank" &&
        measure !== "count"
        ? "close"
        : "not reproduced";
    }
  }
}

/**
 * The computed value rounded the way judge() rounds it, to the printed value's decimals: the
 * scorecard shows it beside the printed value, so "reproduced" reads as "equal once rounded".
 */
export const roundedAsPrinted = (value: number, computed: number): number =>
  roundTo(computed, decimals(value));
