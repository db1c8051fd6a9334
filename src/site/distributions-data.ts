/**
 * distributions.json: the Distributions page — every ordinal question (codebook scales:) by survey
 * year, its answers' shares and its summaries, computed by the cross-tab and summary code that
 * `kube-census crosstab <q> --by year --summary` runs, on the same defaults (all respondents who
 * answered, the whole sample), so every number on the page is the CLI's.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows } from "../db/open.ts";
import { computeCrosstab } from "../survey/crosstab.ts";
import { answerYears, loadQuestions } from "../survey/crosstab-codebook.ts";
import { SAMPLING_DISCLOSURE } from "../survey/disclosure.ts";
import { loadScales } from "../survey/ordinal-scales.ts";
import { ordinalSummary } from "../survey/ordinal-summary.ts";
import { scaleText, summaryCells } from "../render/ordinal-output.ts";
import type { DistributionsFile } from "./site-data-types.ts";

// why: the page's order: deployment size first (the book's), then the organization, then practice
const ORDER = [
  "k8s_clusters",
  "containers",
  "fleet_size",
  "org_size",
  "release_cycle",
  "cncf_recommend",
];

export async function distributionsSiteData(conn: DuckDBConnection): Promise<DistributionsFile> {
  const ids = (await queryRows(conn, `SELECT DISTINCT question FROM codebook_scales`)).map((r) =>
    String(r.question),
  );
  ids.sort(
    (a, b) => (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99) || a.localeCompare(b),
  );
  const questions = await loadQuestions(conn);
  const out: DistributionsFile["questions"] = [];
  for (const id of ids) {
    const question = questions.get(id)!;
    const scales = await loadScales(conn, id);
    const answered = await answerYears(conn, id);
    // why: a year added to the data before the codebook states its scale (a new survey year) is
    // left off the page, which says so, rather than failing the whole site build
    const years = answered.filter((y) => scales.some((s) => s.years.includes(y)));
    const noScale = answered.filter((y) => !years.includes(y));
    if (!years.length) continue;
    const result = await computeCrosstab(conn, {
      question,
      by: "year",
      years,
      universe: "respondents",
      filters: [],
    });
    const summary = ordinalSummary(
      id,
      scales,
      result.columns,
      result.rows,
      question.options,
      result.breaks,
    );
    const scaleOf = new Map(
      summary.rows.map((r) => [r.year, scales.find((s) => s.name === r.scale)!]),
    );
    out.push({
      id,
      label: question.label,
      command: `kube-census crosstab ${id} --by year --summary`,
      universe: result.universe.description,
      years: result.years,
      cells: result.rows
        .filter((c) => c.share !== null)
        .map((c) => {
          const scale = scaleOf.get(c.year);
          const point = scale?.points.findIndex((p) => p.option === c.option) ?? -1;
          return {
            year: c.year,
            option: c.option,
            count: c.count,
            n: c.n,
            share: c.share!,
            ci_low: c.ci_low!,
            ci_high: c.ci_high!,
            // why: the bars stack the scale lowest first, answers off the scale after it
            point: point >= 0 ? point + 1 : null,
          };
        }),
      breaks: result.breaks.map((b) => ({
        number: b.number,
        year: b.year,
        kind: b.kind,
        text: b.text,
      })),
      summary,
      shown: summary.rows.map((r) => ({ year: r.year, ...summaryCells(r) })),
      scale_text: summary.scales.map(scaleText),
      no_scale: noScale,
    });
  }
  return { questions: out, disclosure: SAMPLING_DISCLOSURE };
}
