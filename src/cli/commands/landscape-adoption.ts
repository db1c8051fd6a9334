import { pct } from "../../render/format.ts";
import type { DuckDBConnection } from "@duckdb/node-api";
import { projectAdoption } from "../../landscape/project-adoption.ts";
import { render, toCsv, toTable, type OutputFormat } from "../../render/output.ts";

const share = (s: number, low: number, high: number) => `${pct(s)} (${pct(low)}–${pct(high)})`;

/** `kube-census landscape --adoption`: each surveyed CNCF project's adoption beside its maturity then. */
export async function runAdoption(conn: DuckDBConnection, format: OutputFormat): Promise<void> {
  const rows = (await projectAdoption(conn)) as unknown as Record<string, unknown>[];
  if (format !== "table") {
    process.stdout.write(format === "csv" ? toCsv(rows) : render(rows, "json"));
    return;
  }
  // why: each survey's reference date is data (data/surveys/<id>.yml, survey_sources)
  const dates = [...new Map(rows.map((r) => [r.period as string, r.reference_date as string]))]
    .sort(([, a], [, b]) => a.localeCompare(b))
    .map(([p, d]) => `${p}: ${d}`);
  // why: a marginal, a filtered block or a panel mix must not pass for a like-for-like share;
  // each distinct note is printed once under the table and marked in the row
  const notes = [...new Set(rows.flatMap((r) => (r.note ? [r.note as string] : [])))];
  const table = rows.map((r) => ({
    project: r.project,
    year: r.period,
    sample: r.sample,
    maturity_then: r.maturity_then,
    production: share(
      r.production_share as number,
      r.production_low as number,
      r.production_high as number,
    ),
    evaluating: share(
      r.evaluating_share as number,
      r.evaluating_low as number,
      r.evaluating_high as number,
    ),
    n: r.n,
    note: r.note ? `[${notes.indexOf(r.note as string) + 1}]` : "",
  }));
  process.stdout.write(
    `CNCF projects in the surveys: share of respondents answering the project's row (n) who use it in ` +
      `production / evaluate it, 95% Wilson interval;\nmaturity at each survey's reference date (${dates.join(", ")}), ` +
      `from the acceptance dates the landscape records.\n\n` +
      toTable(table) +
      (notes.length ? `\n${notes.map((n, i) => `[${i + 1}] ${n}`).join("\n")}\n` : "") +
      `A summary-only year (2021) gives the published Total rows of wave 2's project matrix; ` +
      `2021 wave 1 lists no project and has no reference date.\n`,
  );
}
