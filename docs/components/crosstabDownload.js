import { crosstabProvenance, crosstabViewName, surveySources } from "./generated/browser.js";
import { csvLinks } from "./csvDownload.js";

/** @typedef {import("../../src/site/explorer-crosstab.ts").ExplorerResult} CrosstabResult */

/**
 * The explorer's CSV (exactly `kube-census crosstab … --format csv`, `csvText`) named after the
 * cross-tab it holds — question, banner, year(s), universe, sample, base, filters — with its
 * provenance sidecar: the question's wording in the years shown, universe, base, filters, the
 * survey files behind those years with their sha256, tool version and database hash.
 * @param {CrosstabResult} result
 * @param {string} csvText
 * @param {{ provenance?: import("../../src/site/site-data-types.ts").SiteProvenance, yearLabel?: (year: number) => string, shown?: Parameters<typeof crosstabViewName>[0]["shown"] }} options
 */
export function crosstabDownload(result, csvText, { provenance, yearLabel = String, shown }) {
  const name = crosstabName(result, yearLabel, "csv", shown);
  if (!provenance) return csvLinks(name, csvText);
  // The same as `kube-census crosstab … --provenance` writes (src/render/view-provenance.ts).
  const { surveyYears, ...view } = crosstabProvenance(result);
  // why: a weighted file's n and count are effective ones; the sidecar says so and how
  const notes = [
    ...(view.notes ?? []),
    ...(result.siteWeighting ? [result.siteWeighting.note] : []),
  ];
  return csvLinks(name, csvText, {
    site: provenance,
    view: { ...view, notes, sources: surveySources(provenance.sources, surveyYears) },
  });
}

/**
 * A download's file name for the cross-tab a result holds (its CSV, Vega-Lite, images), with the
 * explorer's choice of rows and chart (`shown`: sort, top, search, lines) when it is not the default.
 * @param {CrosstabResult} result
 * @param {(year: number) => string} yearLabel
 * @param {string} extension
 * @param {Parameters<typeof crosstabViewName>[0]["shown"]} [shown]
 */
export function crosstabName(result, yearLabel, extension, shown) {
  return crosstabViewName(
    {
      question: result.question.id,
      by: result.by.id,
      // Each year by the survey's name ("1H 2020"), as everywhere on the site.
      years: result.years.map(yearLabel),
      universe: result.universe.id,
      sample: result.sample,
      base: result.base.id,
      comparable: result.comparable,
      adjust: result.tests.adjustment,
      filters: result.filters,
      nets: result.nets?.map((n) => n.name),
      weight: result.siteWeighting?.id,
      shown,
    },
    extension,
  );
}
