/**
 * Breaks in a trend: what makes one year's value not comparable with the year before. Question
 * breaks (wording, options, routing) are facts of the codebook (`years.<year>.breaks`, stored in
 * `codebook_breaks`); the ones below are facts of the source a row comes from.
 */
export type BreakKind =
  "wording" | "options" | "routing" | "universe" | "type" | "scale" | "panel" | "source";

export interface Note {
  kind: BreakKind;
  text: string;
}

/** Which part of a year's sample a row counts: everyone, or (a year with a paid panel) the panel or community part. */
export type Sample = "all" | "panel" | "community";
export const SAMPLES: Sample[] = ["all", "community", "panel"];

export const PUBLISHED_NOTE: Note = {
  kind: "source",
  text: "Printed in the book; the survey's raw data was never published, so this value cannot be recomputed.",
};

/** The base note of a published-summary row: `year` is the summary's survey year (2021 today). */
export const marginalNote = (year: number, wave: number): Note => ({
  kind: "universe",
  text:
    `From CNCF's published one-question summary (${year} wave ${wave}): the base is everyone who answered ` +
    "this question, not the figure's universe, since the summaries cannot be joined across questions.",
});

/** An earlier year whose sample also mixed a paid panel in: its name and the panel's share. */
export interface EarlierPanel {
  label: string;
  share: number;
}

const percent = (share: number) => `${Math.round(share * 100)}%`;

/**
 * The note every row of a year whose sample mixes a paid panel into the community respondents
 * carries. `earlier` are the years before it that had a panel too (from the data, oldest first):
 * "earlier years were community-only" holds only for the first panel year.
 */
export const panelNote = (
  sample: Sample,
  panelShare: number,
  earlier: EarlierPanel[] = [],
): Note => ({
  kind: "panel",
  text:
    sample === "all"
      ? `${percent(panelShare)} of this year's screened sample came from a paid panel; earlier years' samples were community-only` +
        (earlier.length
          ? `, except ${earlier.map((e) => `${e.label}'s (${percent(e.share)} paid panel)`).join(", ")}.`
          : ".")
      : sample === "panel"
        ? "Paid-panel respondents only (the collector identified as the panel)."
        : "Community respondents only: the paid panel's collector is left out.",
});
