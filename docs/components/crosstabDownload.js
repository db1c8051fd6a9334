import { crosstabViewName } from "./generated/browser.js";
import { csvLinks } from "./csvDownload.js";

/**
 * The explorer's CSV (exactly `kube-census crosstab … --format csv`, `csvText`) named after the
 * cross-tab it holds — question, banner, year(s), universe, sample, base, filters — with its
 * provenance sidecar: the question's wording in the years shown, universe, base, filters, the
 * survey files behind those years with their sha256, tool version and database hash.
 */
export function crosstabDownload(result, csvText, { provenance, yearLabel = String }) {
  const name = crosstabViewName(
    {
      question: result.question.id,
      by: result.by.id,
      // One year by its name ("1H 2020"); several as a run or list of years.
      years: result.years.length === 1 ? [yearLabel(result.years[0])] : result.years,
      universe: result.universe.id,
      sample: result.sample,
      base: result.base.id,
      comparable: result.comparable,
      adjust: result.tests.adjustment,
      filters: result.filters,
    },
    "csv",
  );
  const questions = [
    result.question.id,
    ...(result.by.id === "year" || result.by.id === "sample" ? [] : [result.by.id]),
    ...result.filters.map((f) => f.question),
  ];
  return csvLinks(
    name,
    csvText,
    provenance && {
      site: provenance,
      view: {
        view: {
          kind: "crosstab",
          title: `${result.question.label} by ${result.by.label}`,
        },
        questions: [...new Set(questions)],
        universe: result.universe.description,
        base: result.base,
        filters: result.filters,
        sample: result.sample,
        years: result.years,
        sources: provenance.sources.filter((s) => result.years.includes(s.year)).map((s) => s.id),
        notes: [result.method, result.disclosure],
      },
    },
  );
}
