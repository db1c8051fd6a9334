import type { CrosstabResult } from "../survey/crosstab-result.ts";
import { weightingLines } from "./crosstab-weighting-output.ts";
import type { FigureDefinition, FigureRow } from "../survey/figure.ts";
import type { ViewProvenance } from "./provenance.ts";

// What a figure's or a cross-tab's rows are, for their provenance sidecar: one function each,
// used by the site's downloads (figure card, explorer) and the CLI's `--provenance`, so a CSV
// from either says the same about the same rows.

type View = Omit<ViewProvenance, "file" | "sources">;

/** A figure's rows: its questions, universe, who each row counts, sample, segments and years. */
export function figureProvenance(
  definition: Pick<FigureDefinition, "id" | "title" | "questions" | "universe">,
  rows: readonly FigureRow[],
  sample: string,
): View & { surveyYears: number[] } {
  const base = new Map<string, unknown>();
  for (const r of rows)
    base.set(JSON.stringify([r.year, r.segment, r.sample]), {
      year: r.year,
      segment: r.segment,
      sample: r.sample,
      n: r.n,
      answered: r.answered,
    });
  return {
    view: { kind: "figure", id: definition.id, title: definition.title },
    questions: definition.questions,
    universe: definition.universe,
    base: [...base.values()],
    sample,
    segments: [...new Set(rows.map((r) => r.segment))],
    years: [...new Set(rows.map((r) => r.year))].sort(),
    // The book's printed values (2017) have no export behind them.
    surveyYears: [...new Set(rows.filter((r) => r.source !== "published").map((r) => r.year))],
  };
}

/** A cross-tab: its question, banner and filter questions, universe, base, filters, sample, years. */
export function crosstabProvenance(
  result: Pick<
    CrosstabResult,
    | "question"
    | "by"
    | "universe"
    | "base"
    | "filters"
    | "sample"
    | "years"
    | "method"
    | "disclosure"
  > &
    Partial<Pick<CrosstabResult, "nets" | "weighting">>,
): View & { surveyYears: number[] } {
  const banner = result.by.id === "year" || result.by.id === "sample" ? [] : [result.by.id];
  return {
    view: { kind: "crosstab", title: `${result.question.label} by ${result.by.label}` },
    questions: [
      ...new Set([
        result.question.id,
        ...banner,
        // why: a panel filter names the sample part, no question
        ...result.filters.filter((f) => f.kind !== "panel").map((f) => f.question),
        // why: a weighted file's shares depend on the weighting questions' answers too
        ...(result.weighting?.by ?? []),
      ]),
    ],
    universe: result.universe.description,
    base: result.base,
    filters: result.filters,
    sample: result.sample,
    years: result.years,
    notes: [
      result.method,
      result.disclosure,
      // why: a net's row or column in the file says only its name
      ...(result.nets ?? []).map(
        (n) =>
          `Net "${n.name}" (${n.question}): any of ${n.members.join(", ")}; a respondent counts once.`,
      ),
      ...(result.weighting
        ? [...weightingLines(result.weighting).map((l) => l.trim()), ...result.weighting.notes]
        : []),
    ],
    // why: weighted to another year's mix, that year's answers make the targets
    surveyYears: [
      ...new Set([
        ...result.years,
        ...(result.weighting?.target_year ? [result.weighting.target_year] : []),
      ]),
    ],
  };
}

/** The survey sources of some years, by id, from a provenance's source list. */
export const surveySources = (
  sources: readonly { id: string; kind: string; year: number | null }[],
  years: readonly number[],
): string[] =>
  sources
    .filter((s) => s.kind === "survey" && s.year !== null && years.includes(s.year))
    .map((s) => s.id);
