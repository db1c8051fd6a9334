/**
 * `kube-census tabs plan.yml --out dir`: every cross-tab a plan names, as CSV, JSON and one XLSX
 * workbook (a sheet per table, an index first), each stamped with the tool version, the plan's
 * sha256 and the database's content hash — so whoever holds the outputs can check they came from
 * this plan on this data, and rebuild them byte for byte. Every table is checked before any is
 * computed, and the folder is written whole or not at all.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { CONTENT_HASH_METHOD, contentHash } from "../../db/content-hash.ts";
import { openDatabase } from "../../db/open.ts";
import { CensusError } from "../../errors.ts";
import {
  checkReplaceable,
  replaceDirectory,
  writeExportFolder,
  writeManifest,
} from "../../export/export.ts";
import { toolVersion } from "../../export/provenance-data.ts";
import { sheetNames, workbookBytes, type WorkbookSheet } from "../../export/xlsx-workbook.ts";
import { crosstabCsv, crosstabDifferencesCsv } from "../../render/crosstab-output.ts";
import { csvRecords, typedField, withColumns } from "../../render/csv-columns.ts";
import { terminalText } from "../../render/output.ts";
import { computeCrosstab, type CrosstabResult, type CrosstabSpec } from "../../survey/crosstab.ts";
import { surveyPeriods } from "../../survey/periods.ts";
import { TAB_FORMATS, type TabFormat } from "../../survey/value-lists.ts";
import { commandUsage } from "../commands.ts";
import { crosstabSpec, type CrosstabArgs } from "./crosstab-spec.ts";
import { planError, readPlan, tableAt, type Plan, type PlanTable } from "./tabs-plan.ts";

export interface TabsArgs {
  plan?: string;
  out?: string;
  format?: string;
}

/** What every output carries: where it came from. */
export interface TabStamp {
  tool: string;
  version: string;
  plan: { file: string; sha256: string };
  database: { sha256: string; method: string };
}

const refuse = (message: string) =>
  new CensusError(`tabs: ${message}\n\n${commandUsage("tabs")}`.trimEnd(), 2);

/** `--format csv,json,xlsx` (default all three), each known, in a fixed order. */
export function tabFormats(value: string | undefined): TabFormat[] {
  if (value === undefined) return [...TAB_FORMATS];
  const asked = value.split(",").map((s) => s.trim().toLowerCase());
  for (const f of asked)
    if (!(TAB_FORMATS as readonly string[]).includes(f))
      throw refuse(
        `--format ${JSON.stringify(f)}: use any of ${TAB_FORMATS.join(", ")}, comma-separated.`,
      );
  return TAB_FORMATS.filter((f) => asked.includes(f));
}

/**
 * Every table checked against the codebook and the data by the cross-tab's own validation, its
 * weight (`--weight`, `--weight-by`, `--trim`) by the cross-tab's own weighting options, all before
 * any is computed. A weighted table whose spec comes back without `weight` is refused: its
 * numbers would be unweighted under a weighted table's name.
 */
async function tableSpecs(
  conn: Parameters<typeof crosstabSpec>[0],
  plan: Plan,
): Promise<CrosstabSpec[]> {
  const specs: CrosstabSpec[] = [];
  for (const table of plan.tables) {
    // why: the weight goes in as the flags `crosstab --weight` takes (CrosstabArgs' weight,
    // weightBy, trim), so it is read and checked by the cross-tab's one parser
    const args: CrosstabArgs & Partial<NonNullable<PlanTable["weight"]>> = {
      ...table.args,
      ...table.weight,
    };
    let spec: CrosstabSpec;
    try {
      spec = await crosstabSpec(conn, args);
    } catch (e) {
      throw planError(plan.file, table, e);
    }
    if (table.weight && !("weight" in spec)) throw cannotWeight(plan, table);
    specs.push(spec);
  }
  return specs;
}

// why: a plan's weight reaches the cross-tab only through its flags; should it ever come back
// without its weighting, unweighted numbers must not be written under a weighted table's name
const cannotWeight = (plan: Plan, table: PlanTable) =>
  new CensusError(
    `${plan.file}: ${tableAt(table.index, table.name)}, field "weight": the cross-tab came back unweighted; nothing was written.`,
  );

/** The stamp's CSV columns: the same three on every row of every table. */
const stampColumns = (s: TabStamp) => ({
  tool_version: `${s.tool} ${s.version}`,
  plan_sha256: s.plan.sha256,
  database_sha256: s.database.sha256,
});

/** What index.json and the index sheet say about one table. */
function indexEntry(
  table: PlanTable,
  result: CrosstabResult,
  sheet: string | undefined,
  files: string[],
) {
  const e = table.entry;
  return {
    name: table.name,
    ...(table.title && { title: table.title }),
    ...(sheet && { sheet }),
    question: result.question.id,
    by: result.by.id,
    years: result.years,
    universe: result.universe.id,
    sample: result.sample,
    base: result.base.id,
    where: e.where ?? [],
    nets: (result.nets ?? []).map((n) => `${n.question}: ${n.name}`),
    comparable: result.comparable,
    adjust: result.tests.adjustment,
    weight: e.weight ?? null,
    columns: result.columns.length,
    cells: result.rows.length,
    tests: { run: result.tests.run, significant: result.tests.significant },
    files,
  };
}

/**
 * Every output file of a plan, by name, as bytes: deterministic (no time, no path but the plan's
 * file name), so a rerun on the same plan and database writes the same bytes.
 */
export async function tabFiles(
  plan: Plan,
  results: CrosstabResult[],
  stamp: TabStamp,
  periods: Record<string, string>,
  formats: TabFormat[],
): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  const text = (s: string) => new TextEncoder().encode(s);
  const columns = stampColumns(stamp);
  const sheets = sheetNames(
    plan.tables.map((t) => t.name),
    ["index"],
  );
  const workbook: WorkbookSheet[] = [];
  const entries = [];
  for (const [i, table] of plan.tables.entries()) {
    const result = results[i]!;
    const names: string[] = [];
    const csv = withColumns(crosstabCsv(result, periods), columns);
    if (formats.includes("csv")) {
      files.set(`${table.name}.csv`, text(csv));
      names.push(`${table.name}.csv`);
      if (table.args.diffs) {
        files.set(
          `${table.name}.differences.csv`,
          text(withColumns(crosstabDifferencesCsv(result, periods), columns)),
        );
        names.push(`${table.name}.differences.csv`);
      }
    }
    if (formats.includes("json")) {
      const json = {
        stamp,
        table: { name: table.name, ...(table.title && { title: table.title }), plan: table.entry },
        crosstab: result,
      };
      files.set(`${table.name}.json`, text(`${JSON.stringify(json, null, 2)}\n`));
      names.push(`${table.name}.json`);
    }
    if (formats.includes("xlsx")) {
      workbook.push({ name: sheets[i]!, rows: csvRecords(csv).map((r) => r.map(typedField)) });
      names.push(`tables.xlsx#${sheets[i]}`);
    }
    entries.push(
      indexEntry(table, result, formats.includes("xlsx") ? sheets[i] : undefined, names),
    );
  }
  const index = {
    ...(plan.title && { title: plan.title }),
    stamp,
    // why: a weighted table's result says what its intervals claim in its own words
    disclosures: [...new Set(results.map((r) => r.disclosure))],
    tables: entries,
  };
  files.set("index.json", text(`${JSON.stringify(index, null, 2)}\n`));
  if (formats.includes("xlsx")) {
    const head = [
      "table",
      "sheet",
      "title",
      "question",
      "by",
      "years",
      "universe",
      "sample",
      "where",
      "nets",
      "weight",
      "files",
      ...Object.keys(columns),
    ];
    const rows = entries.map((e) => [
      e.name,
      e.sheet ?? null,
      e.title ?? null,
      e.question,
      e.by,
      e.years.map((y) => periods[y] ?? String(y)).join(", "),
      e.universe,
      e.sample,
      e.where.join(" and ") || null,
      e.nets.join("; ") || null,
      e.weight ? JSON.stringify(e.weight) : null,
      e.files.join(" "),
      ...Object.values(columns),
    ]);
    const index: WorkbookSheet = { name: "index", rows: [head, ...rows] };
    files.set("tables.xlsx", await workbookBytes([index, ...workbook]));
  }
  return files;
}

/** Runs a plan and writes its outputs into `--out`, replacing only an earlier output as written. */
export async function run(args: TabsArgs): Promise<void> {
  if (!args.plan) throw refuse("name the plan file (YAML; see examples/plans/).");
  if (!args.out) throw refuse("--out <dir> is required: the folder to write the tables into.");
  const formats = tabFormats(args.format);
  const started = performance.now();
  const plan = await readPlan(args.plan);
  const out = resolve(args.out);
  await checkReplaceable(out);
  const db = await openDatabase();
  let files: Map<string, Uint8Array>;
  try {
    const specs = await tableSpecs(db.conn, plan);
    const results: CrosstabResult[] = [];
    for (const [i, spec] of specs.entries()) {
      const result = await computeCrosstab(db.conn, spec);
      // why: a spec that carries the weight but a result that does not report it would be the same lie
      if (plan.tables[i]!.weight && !("weighting" in result))
        throw cannotWeight(plan, plan.tables[i]!);
      if (!result.rows.length) {
        const table = plan.tables[i]!;
        // why: an empty table is an answer (--comparable kept no row), but one a reader should hear of
        process.stderr.write(
          `tabs: ${tableAt(table.index, table.name)} has no cells (no row offered in every year shown, or no respondent left); written with its header only.\n`,
        );
      }
      results.push(result);
    }
    const tool = await toolVersion();
    const stamp: TabStamp = {
      tool: tool.name,
      version: tool.version,
      plan: { file: basename(plan.file), sha256: plan.sha256 },
      database: { sha256: (await contentHash(db.conn)).sha256, method: CONTENT_HASH_METHOD },
    };
    files = await tabFiles(plan, results, stamp, await surveyPeriods(db.conn), formats);
  } finally {
    db.close();
  }
  await writeTabFolder(out, files);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stderr.write(
    `wrote ${files.size} files for ${plan.tables.length} tables to ${terminalText(out)} in ${seconds} s\n`,
  );
}

/**
 * Writes the files into a fresh folder beside `out`, with the manifest `export` uses (each file's
 * size and sha256), and swaps it in through export's own writeExportFolder: a failure or a
 * signal leaves the earlier output, or nothing.
 */
export async function writeTabFolder(out: string, files: Map<string, Uint8Array>): Promise<void> {
  await writeExportFolder(
    out,
    undefined,
    "writing the tables",
    async (out, tmp) => {
      // why: the folder of --out may be missing; tmp itself without `recursive`, whose errors hide the cause
      await mkdir(dirname(tmp), { recursive: true });
      await mkdir(tmp);
      for (const [name, bytes] of files) await writeFile(join(tmp, name), bytes);
      await writeManifest(tmp, "kube-census tabs");
      await replaceDirectory(tmp, out);
    },
    "an earlier output",
  );
}
