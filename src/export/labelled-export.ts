/**
 * `kube-census export --labelled --year Y --out DIR`: one survey year's respondents as a wide,
 * labelled file — `respondents_<year>.parquet` (labels, value labels and multiple-response sets
 * in its key-value metadata), `respondents_<year>.csv` (codes) and the syntax that labels that
 * CSV in SPSS (.sps), R (.R) and Stata (.do). Written into a fresh folder that replaces `out`
 * only as `export` does (an earlier export left as written, an empty folder, nothing).
 *
 * Free text never enters the file: typed "Other" answers are the respondents' own words, kept in
 * the database (`free_text`) and published nowhere; the file says only whether a matrix's typed
 * box was filled.
 */
import { quotedString } from "@duckdb/node-api";
import { mkdir, readdir, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { contentHash } from "../db/content-hash.ts";
import { databaseReadError } from "../db/database-file.ts";
import { openDatabase, queryRows, REBUILD } from "../db/open.ts";
import { databasePath } from "../paths.ts";
import { SAMPLING_DISCLOSURE } from "../survey/disclosure.ts";
import { weightSample, type WeightTarget } from "../survey/weights-targets.ts";
import type { RakeOptions, WeightingResult } from "../survey/weights.ts";
import { EXPORT_MANIFEST, replaceDirectory, writeExportFolder, writeManifest } from "./export.ts";
import { buildLabelledTable, WIDE_TABLE } from "./labelled-table.ts";
import { labelledLayout, weightVariable, type LabelledLayout } from "./labelled-variables.ts";
import { rSyntax } from "./labelled-r.ts";
import { spssSyntax } from "./labelled-spss.ts";
import { stataSyntax } from "./labelled-stata.ts";
import { toolVersion } from "./provenance-data.ts";

export interface LabelledWeighting {
  by: string[];
  target: WeightTarget;
  options?: RakeOptions;
}

export interface LabelledExportOptions {
  year: number;
  out: string;
  weight?: LabelledWeighting;
  databasePath?: string;
  log?: (line: string) => void;
}

export interface LabelledExportSummary {
  out: string;
  files: string[];
  rows: number;
  variables: number;
  mrsets: number;
  bytes: number;
  seconds: number;
  weighting?: Omit<WeightingResult, "weights">;
}

/** The Parquet key-value metadata keys, each a JSON text. */
export const KV_KEYS = {
  variables: "kube_census.variables",
  mrsets: "kube_census.mrsets",
  file: "kube_census.file",
} as const;

export const FREE_TEXT_POLICY =
  "Free text is not in this file: typed \"Other\" answers and open questions are respondents' own words, kept in the census database and published nowhere. A 0/1 column says whether a matrix's typed box was filled.";

export async function exportLabelled(opts: LabelledExportOptions): Promise<LabelledExportSummary> {
  const started = performance.now();
  return writeExportFolder(opts.out, opts.databasePath, "writing the labelled export", (out, tmp) =>
    exportInto(opts, out, tmp, started),
  );
}

async function exportInto(
  opts: LabelledExportOptions,
  out: string,
  tmp: string,
  started: number,
): Promise<LabelledExportSummary> {
  const log = opts.log ?? (() => {});
  await mkdir(dirname(tmp), { recursive: true });
  await mkdir(tmp);
  const db = await openDatabase(opts.databasePath, { fileAccess: true });
  const stem = `respondents_${opts.year}`;
  let rows: number;
  let layout: LabelledLayout;
  let weighting: LabelledExportSummary["weighting"];
  try {
    const conn = db.conn;
    layout = await labelledLayout(conn, opts.year);
    let weights: Map<number, number> | undefined;
    let weightingFacts: Record<string, unknown> | undefined;
    if (opts.weight) {
      const w = await weightSample(conn, {
        year: opts.year,
        sample: "all",
        by: opts.weight.by,
        target: opts.weight.target,
        options: opts.weight.options,
      });
      weights = w.weights;
      const { weights: _, ...result } = w.result;
      weighting = result;
      const to =
        "file" in opts.weight.target
          ? `the targets in ${basename(opts.weight.target.file)}`
          : `${opts.weight.target.year}'s sample mix`;
      const description = `${opts.year} raked to ${to} on ${opts.weight.by.join(", ")}${
        result.converged ? "" : " (NOT converged)"
      }; n_eff ${result.nEff.toFixed(1)}, design effect ${result.designEffect.toFixed(3)}`;
      // why: the weight goes with the respondent's fixed columns, before the questions
      const at = layout.variables.findIndex((v) => v.question);
      layout.variables.splice(
        at < 0 ? layout.variables.length : at,
        0,
        weightVariable(description),
      );
      weightingFacts = {
        description,
        by: opts.weight.by,
        target: opts.weight.target,
        margins: w.margins,
        trim: opts.weight.options?.trim ?? null,
        ...result,
        note: "A respondent who did not answer a weighting question keeps weight 1 and is left out of the fitting.",
      };
      log(`weighted: ${description}, ${result.iterations} passes`);
    }
    rows = await buildLabelledTable(conn, layout, weights);
    log(
      `${stem}: ${rows.toLocaleString("en-US")} respondents × ${layout.variables.length} variables`,
    );

    const source = (
      await queryRows(
        conn,
        `SELECT s.id, s.file, s.sha256 FROM sources s JOIN survey_sources v ON v.source = s.id WHERE v.year = $year ORDER BY s.id`,
        { year: opts.year },
      )
    ).map((r) => ({ id: String(r.id), file: String(r.file), sha256: String(r.sha256) }));
    const tool = await toolVersion();
    const database = (await contentHash(conn)).sha256;
    const file = {
      year: layout.year,
      period: layout.period,
      respondents: rows,
      tool: `${tool.name} ${tool.version}`,
      database_sha256: database,
      sources: source,
      questions: layout.questions,
      weighting: weightingFacts ?? null,
      free_text: FREE_TEXT_POLICY,
      disclosure: SAMPLING_DISCLOSURE,
      missing:
        "Empty (null) = not answered: a 0/1 indicator is 0 only for a respondent who answered its question.",
    };
    const variables = layout.variables.map((v) => ({
      name: v.name,
      label: v.label,
      kind: v.kind,
      type: v.type,
      question: v.question ?? null,
      option: v.option ?? null,
      values: v.values ?? null,
    }));
    const kv = [
      [KV_KEYS.variables, JSON.stringify(variables)],
      [KV_KEYS.mrsets, JSON.stringify(layout.mrsets)],
      [KV_KEYS.file, JSON.stringify(file)],
    ]
      .map(([k, v]) => `${quotedString(k!)}: ${quotedString(v!)}`)
      .join(", ");
    await conn.run(
      `COPY ${WIDE_TABLE} TO ${quotedString(join(tmp, `${stem}.parquet`))} (FORMAT parquet, KV_METADATA {${kv}})`,
    );
    // why: codes only, no text column but the ISO start time, so no cell can run as a formula
    await conn.run(
      `COPY ${WIDE_TABLE} TO ${quotedString(join(tmp, `${stem}.csv`))} (FORMAT csv, HEADER, TIMESTAMPFORMAT '%Y-%m-%d %H:%M:%S')`,
    );
    const header = [
      `${stem}: ${layout.period} CNCF survey, ${rows} respondents of the published sample, one row each.`,
      `Written by ${tool.name} ${tool.version} (kube-census export --labelled) from a database of content sha256 ${database}.`,
      `Source: ${source.map((s) => `${s.file} (sha256 ${s.sha256})`).join(", ")}.`,
      "Empty = not answered; a 0/1 indicator is 0 only for someone who answered its question.",
      "Free text (typed Other answers, open questions) is not in the file.",
      ...(weightingFacts ? [`Weight: ${String(weightingFacts.description)}.`] : []),
    ];
    await writeFile(join(tmp, `${stem}.sps`), spssSyntax(layout, `${stem}.csv`, header));
    await writeFile(join(tmp, `${stem}.R`), rSyntax(layout, `${stem}.csv`, header));
    await writeFile(join(tmp, `${stem}.do`), stataSyntax(layout, `${stem}.csv`, header));
    await writeManifest(tmp, "kube-census export --labelled");
  } finally {
    db.close();
  }
  await replaceDirectory(tmp, out);
  const files = (await readdir(out)).filter((f) => f !== EXPORT_MANIFEST).sort();
  let bytes = 0;
  for (const name of files) bytes += (await stat(join(out, name))).size;
  return {
    out,
    files,
    rows,
    variables: layout.variables.length,
    mrsets: layout.mrsets.length,
    bytes,
    seconds: (performance.now() - started) / 1000,
    weighting,
  };
}
