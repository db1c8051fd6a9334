/**
 * distributions.json: the Distributions page — every ordinal question (codebook scales:) by survey
 * year, its answers' shares and its summaries, computed by the cross-tab and summary code that
 * `kube-census crosstab <q> --by year --summary` runs, on the same defaults (all respondents who
 * answered, the whole sample), so every number on the page is the CLI's; and each weighting of
 * data/site/weightings.yml's `distributions:` the same way with `--weight <target> --weight-by …`.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows } from "../db/open.ts";
import { CensusError } from "../errors.ts";
import { computeCrosstab } from "../survey/crosstab.ts";
import { answerYears, loadQuestions, type CodebookQuestion } from "../survey/crosstab-codebook.ts";
import type { CrosstabWeight } from "../survey/crosstab-weighting.ts";
import { SAMPLING_DISCLOSURE } from "../survey/disclosure.ts";
import { loadScales } from "../survey/ordinal-scales.ts";
import { ordinalSummary, type OrdinalScale } from "../survey/ordinal-summary.ts";
import { weightingLines } from "../render/crosstab-weighting-output.ts";
import { scaleText, summaryCells } from "../render/ordinal-output.ts";
import type { DistributionsFile } from "./site-data-types.ts";
import { readYearsWeightings, type YearsWeightingDefinition } from "./weightings.ts";

// why: the page's order: deployment size first (the book's), then the organization, then practice
const ORDER = [
  "k8s_clusters",
  "containers",
  "fleet_size",
  "org_size",
  "release_cycle",
  "cncf_recommend",
];

export async function distributionsSiteData(
  conn: DuckDBConnection,
  weightings?: YearsWeightingDefinition[],
): Promise<DistributionsFile> {
  weightings ??= await readYearsWeightings();
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
    const plain = await distributionView(conn, question, scales, years);
    const weighted: DistributionWeighted[] = [];
    for (const w of weightings) {
      const weight = { by: w.by, target: { year: w.target, sample: "all" as const } };
      const flags = `--weight ${w.target} --weight-by ${w.by.join(",")}`;
      try {
        const v = await distributionView(conn, question, scales, years, weight, flags);
        weighted.push({
          id: w.id,
          label: w.label,
          description: w.description,
          ...v.view,
          weighting: v.weighting,
          // why: raking on a question makes its weighted shares the target's in the shared cells
          self: w.by.includes(id),
        });
      } catch (e) {
        // why: a year without a weighting variable refuses, as the CLI does; the page says so
        if (!(e instanceof CensusError)) throw e;
        weighted.push({ id: w.id, label: w.label, refused: e.message });
      }
    }
    out.push({
      id,
      label: question.label,
      universe: plain.universe,
      years: plain.years,
      ...plain.view,
      breaks: plain.breaks,
      scale_text: plain.scaleText,
      no_scale: noScale,
      weighted,
    });
  }
  return {
    questions: out,
    weightings: weightings.map(({ id, label, description }) => ({ id, label, description })),
    disclosure: SAMPLING_DISCLOSURE,
  };
}

type DistributionQuestion = DistributionsFile["questions"][number];
type DistributionWeighted = DistributionQuestion["weighted"][number];

/**
 * One question by year as the CLI computes it — `crosstab <q> --by year --summary`, with `flags`
 * (the weighting's) when `weight` is given: the cells, summaries and the command that prints them.
 */
async function distributionView(
  conn: DuckDBConnection,
  question: CodebookQuestion,
  scales: OrdinalScale[],
  years: number[],
  weight?: CrosstabWeight,
  flags = "",
) {
  const id = question.id;
  const result = await computeCrosstab(conn, {
    question,
    by: "year",
    years,
    universe: "respondents",
    filters: [],
    ...(weight && { weight }),
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
  return {
    universe: result.universe.description,
    years: result.years,
    breaks: result.breaks.map((b) => ({
      number: b.number,
      year: b.year,
      kind: b.kind,
      text: b.text,
    })),
    scaleText: summary.scales.map(scaleText),
    weighting: result.weighting ? weightingLines(result.weighting).map((l) => l.trim()) : [],
    view: {
      command: `kube-census crosstab ${id} --by year --summary${flags ? ` ${flags}` : ""}`,
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
      summary,
      shown: summary.rows.map((r) => ({ year: r.year, ...summaryCells(r) })),
    },
  };
}
