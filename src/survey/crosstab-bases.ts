/** The ladder of bases a cross-tab reports, in words (browser-safe: the explorer prints them too). */
/** Who a share is of, in words: the ladder asked → answered → base. */
export const BASES = {
  asked:
    "asked: in the column and reached the question (answered it or a later question of the export)",
  answered: "answered: gave any answer, the Other box included (asked − answered = no answer)",
  valid: "valid: answered with at least one answer other than don't know / not applicable",
} as const;
