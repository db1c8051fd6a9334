import { createHash } from "node:crypto";
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import readXlsxFile from "read-excel-file/node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { readPlan } from "../../src/cli/commands/tabs-plan.ts";
import { writeTabFolder } from "../../src/cli/commands/tabs.ts";
import { contentHash } from "../../src/db/content-hash.ts";
import { sheetNames, workbookBytes } from "../../src/export/xlsx-workbook.ts";
import { csvRecords, typedField } from "../../src/render/csv-columns.ts";
import { projectRoot } from "../../src/paths.ts";
import { SAMPLING_DISCLOSURE } from "../../src/survey/disclosure.ts";
import { runCli } from "../support/cli.ts";
import { fixtureDatabase, withDatabase } from "../support/databases.ts";
import { fixture } from "../support/fixtures.ts";

/** A fresh folder under the system's temp folder, removed after the file's tests. */
const made: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "kc-tabs-"));
  made.push(dir);
  return dir;
}
afterAll(() => Promise.all(made.map((d) => rm(d, { recursive: true, force: true }))));

const plan = (name: string) => fixture(`tabs/${name}`);
const sha256 = (bytes: Uint8Array | string) => createHash("sha256").update(bytes).digest("hex");

/** A CLI run's failure: its exit code and stderr. */
async function failure(args: string[], database = fixtureDatabase) {
  try {
    await runCli(args, database);
  } catch (e) {
    const { code, stderr } = e as { code: number; stderr: string };
    return { code, stderr };
  }
  throw new Error(`expected kube-census ${args.join(" ")} to fail`);
}

/** Every file of a folder, by name, as bytes. */
async function folder(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const name of (await readdir(dir)).sort()) files.set(name, await readFile(join(dir, name)));
  return files;
}

const STAMP_COLUMNS = ["tool_version", "plan_sha256", "database_sha256"];

describe("tab plans: validation names the file, the table and the field", () => {
  it("reports every shape mistake at once, each with its table", async () => {
    const file = plan("bad-shape.yml");
    const error = await readPlan(file).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain(`${file}: 4 invalid value(s)`);
    expect(message).toContain(`field "defaults.years": `);
    expect(message).toContain(`tables[0] ("ok"): Unrecognized key: "wher"`);
    expect(message).toContain(`tables[1] ("bad name/with slash"), field "name": a name of letters`);
    expect(message).toMatch(/tables\[2\] \("bad-universe"\), field "universe": .*"respondents"/);
    expect(message).toContain("see examples/plans/");
  });

  it("refuses two tables whose names differ only in case", async () => {
    await expect(readPlan(plan("duplicate.yml"))).rejects.toThrow(
      /tables\[1\] \("clusters"\), field "name": "clusters" is already the name of tables\[0\] \("Clusters"\)/,
    );
  });

  it("refuses a table with no banner, here or in defaults", async () => {
    await expect(readPlan(plan("no-banner.yml"))).rejects.toThrow(
      /no-banner\.yml: tables\[1\] \("second"\), field "by": missing/,
    );
  });

  it("applies defaults under each table's own fields and carries the weight as the --weight flags", async () => {
    const p = await readPlan(plan("plan.yml"));
    expect(p.sha256).toBe(sha256(await readFile(plan("plan.yml"))));
    expect(p.tables.map((t) => [t.name, t.args.by, t.args.year])).toEqual([
      ["challenges-by-size", "org_size", ["2019"]],
      ["clusters-k8s-users-filtered", "org_size", ["2019"]],
      ["a-very-long-table-name-cut-to-thirty-one-characters-1", "org_size", ["2019"]],
      ["a-very-long-table-name-cut-to-thirty-one-characters-2", "org_size", ["2019"]],
    ]);
    expect(p.tables[0]!.args).toMatchObject({
      net: ["Security or Storage=Security,Storage"],
      diffs: true,
    });
    expect(p.tables[1]!.args).toMatchObject({
      universe: "k8s-users",
      where: ["challenges=Security|Storage"],
    });
    const w = await readPlan(plan("weighted.yml"));
    // the targets file is found beside the plan, wherever the command runs
    expect(w.tables[0]!.weight).toEqual({
      weight: relative(process.cwd(), plan("targets.yml")),
      trim: "0.5,2",
    });
    expect(w.tables[1]!.weight).toBeUndefined();
  });

  it("checks each table with the cross-tab's own validation before anything is written", async () => {
    const out = join(await tempDir(), "out");
    const { code, stderr } = await failure(["tabs", plan("unknown-option.yml"), "--out", out]);
    expect(code).toBe(2);
    expect(stderr).toContain(`unknown-option.yml: tables[1] ("bad-where"): unknown option`);
    expect(stderr).toContain("Securty");
    expect(stderr).toContain("Did you mean Security?");
    await expect(readdir(out)).rejects.toThrow(/ENOENT/);
  });

  it("checks a weight with the cross-tab's own --trim validation, naming the plan's field", async () => {
    const out = join(await tempDir(), "out");
    const { code, stderr } = await failure(["tabs", plan("bad-trim.yml"), "--out", out]);
    await expect(readdir(out)).rejects.toThrow(/ENOENT/);
    if (stderr.includes("this build's cross-tab does not weight")) {
      // a build without crosstab --weight (issue 20 item 2): refused before anything is computed
      expect(code).toBe(1);
      expect(stderr).toContain(`bad-trim.yml: tables[0] ("weighted"), field "weight": `);
      return;
    }
    expect(code).toBe(2);
    expect(stderr).toContain(`bad-trim.yml: tables[0] ("weighted"): field "weight.trim" "2,3"`);
  });

  it("refuses control characters in the text a plan writes into its outputs", async () => {
    const error = (await readPlan(plan("control-character.yml")).catch((e: Error) => e)) as Error;
    expect(error.message).toContain(`field "title": holds a control character`);
    expect(error.message).toContain(
      `tables[0] ("clusters"), field "nets[0]": holds a control character`,
    );
  });

  it("never replaces a folder of the user's (only an earlier output as written)", async () => {
    const out = await tempDir();
    await writeFile(join(out, "notes.txt"), "mine");
    const { code, stderr } = await failure(["tabs", plan("plan.yml"), "--out", out]);
    expect(code).toBe(1);
    expect(stderr).toContain(`"notes.txt"`);
    expect(await readdir(out)).toEqual(["notes.txt"]);
  });

  it("refuses an unknown --format", async () => {
    const { code, stderr } = await failure([
      "tabs",
      plan("plan.yml"),
      "--out",
      "x",
      "--format",
      "csv,pdf",
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain(`--format "pdf": use any of csv, json, xlsx`);
  });
});

describe("tabs writes its folder whole or not at all (export's writeExportFolder)", () => {
  const text = (s: string) => new TextEncoder().encode(s);

  it("a write failing halfway leaves the earlier output as it was, and no temporary folder", async () => {
    const dir = await tempDir();
    const out = join(dir, "out");
    await writeTabFolder(out, new Map([["a.csv", text("first\n")]]));
    const before = await folder(out);
    expect([...before.keys()]).toEqual([".kube-census-export.json", "a.csv"]);
    // a.csv is written into the temporary folder, then "missing/b.csv" fails: its folder does not exist
    const failed = writeTabFolder(
      out,
      new Map([
        ["a.csv", text("second\n")],
        ["missing/b.csv", text("x")],
      ]),
    );
    await expect(failed).rejects.toThrow(
      `${out}: writing the tables failed: its folder does not exist. Create the folder, or choose a path in an existing one; nothing was left behind and an earlier output there, if any, is kept.`,
    );
    expect(await readdir(dir)).toEqual(["out"]);
    expect(await folder(out)).toEqual(before);
  });

  it("a first write failing leaves nothing; a dead run's <out>.tmp-<pid>/ is swept", async () => {
    const dir = await tempDir();
    const out = join(dir, "out");
    await expect(writeTabFolder(out, new Map([["missing/b.csv", text("x")]]))).rejects.toThrow(
      /writing the tables failed/,
    );
    expect(await readdir(dir)).toEqual([]);
    // 4194305: above Linux's largest pid, so no process holds it (a run killed with SIGKILL)
    await mkdir(join(dir, "out.tmp-4194305"));
    await writeFile(join(dir, "out.tmp-4194305", "a.csv"), "half");
    await writeTabFolder(out, new Map([["a.csv", text("whole\n")]]));
    expect(await readdir(dir)).toEqual(["out"]);
    const manifest = JSON.parse(await readFile(join(out, ".kube-census-export.json"), "utf8"));
    expect(manifest).toEqual({
      writtenBy: "kube-census tabs",
      files: [{ name: "a.csv", bytes: 6, sha256: sha256("whole\n") }],
    });
  });
});

describe("a tab plan run on the fixture database", () => {
  let first: Map<string, Buffer>;
  let second: Map<string, Buffer>;
  let databaseHash: string;
  beforeAll(async () => {
    const dir = await tempDir();
    await runCli(["tabs", plan("plan.yml"), "--out", join(dir, "a")], fixtureDatabase);
    // the same folder again: an earlier output as written is replaced
    await runCli(["tabs", plan("plan.yml"), "--out", join(dir, "a")], fixtureDatabase);
    await runCli(["tabs", plan("plan.yml"), "--out", join(dir, "b")], fixtureDatabase);
    first = await folder(join(dir, "a"));
    second = await folder(join(dir, "b"));
    databaseHash = await withDatabase(
      fixtureDatabase,
      async (_, db) => (await contentHash(db.conn)).sha256,
    );
  });

  it("writes byte-identical files on a rerun, every format", () => {
    expect([...first.keys()]).toEqual([
      ".kube-census-export.json",
      "a-very-long-table-name-cut-to-thirty-one-characters-1.csv",
      "a-very-long-table-name-cut-to-thirty-one-characters-1.json",
      "a-very-long-table-name-cut-to-thirty-one-characters-2.csv",
      "a-very-long-table-name-cut-to-thirty-one-characters-2.json",
      "challenges-by-size.csv",
      "challenges-by-size.differences.csv",
      "challenges-by-size.json",
      "clusters-k8s-users-filtered.csv",
      "clusters-k8s-users-filtered.json",
      "index.json",
      "tables.xlsx",
    ]);
    for (const [name, bytes] of first) expect(sha256(second.get(name)!), name).toBe(sha256(bytes));
  });

  it("stamps every output with the tool version, the plan's sha256 and the database's content hash", async () => {
    const pkg = JSON.parse(await readFile(join(projectRoot, "package.json"), "utf8"));
    const planHash = sha256(await readFile(plan("plan.yml")));
    const index = JSON.parse(first.get("index.json")!.toString());
    expect(index.stamp).toMatchObject({
      tool: "kube-census",
      version: pkg.version,
      plan: { file: "plan.yml", sha256: planHash },
      database: { sha256: databaseHash },
    });
    expect(index.disclosures).toEqual([SAMPLING_DISCLOSURE]);
    expect(index.tables.map((t: { name: string; sheet: string }) => t.sheet)).toEqual([
      "challenges-by-size",
      "clusters-k8s-users-filtered",
      "a-very-long-table-name-cut-to-t",
      "a-very-long-table-name-cut-to~2",
    ]);
    for (const [name, bytes] of first) {
      if (name.endsWith(".json") && name !== "index.json" && !name.startsWith("."))
        expect(JSON.parse(bytes.toString()).stamp, name).toEqual(index.stamp);
      if (name.endsWith(".csv"))
        for (const [i, r] of csvRecords(bytes.toString()).entries())
          expect(r.slice(-3), `${name} row ${i}`).toEqual(
            i === 0 ? STAMP_COLUMNS : [`kube-census ${pkg.version}`, planHash, databaseHash],
          );
    }
    // nothing in any output says when it was written
    for (const [name, bytes] of first)
      if (!name.endsWith(".xlsx")) expect(bytes.toString(), name).not.toMatch(/20\d\d-\d\d-\d\dT/);
  });

  it("gives the numbers `crosstab --format json` and `--format csv` give for the same spec", async () => {
    const args = ["crosstab", "challenges", "--by", "org_size", "--year", "2019"];
    const net = ["--net", "Security or Storage=Security,Storage"];
    const json = JSON.parse(
      (await runCli([...args, ...net, "--format", "json"], fixtureDatabase)).stdout,
    );
    expect(JSON.parse(first.get("challenges-by-size.json")!.toString()).crosstab).toEqual(json);
    const csv = (await runCli([...args, ...net, "--format", "csv"], fixtureDatabase)).stdout;
    const ours = csvRecords(first.get("challenges-by-size.csv")!.toString()).map((r) =>
      r.slice(0, -3),
    );
    expect(ours).toEqual(csvRecords(csv));
    const diffs = (await runCli([...args, ...net, "--diffs", "--format", "csv"], fixtureDatabase))
      .stdout;
    const ourDiffs = csvRecords(first.get("challenges-by-size.differences.csv")!.toString());
    expect(ourDiffs.map((r) => r.slice(0, -3))).toEqual(csvRecords(diffs));
    const filtered = [
      "crosstab",
      "k8s_clusters",
      "--by",
      "org_size",
      "--year",
      "2019",
      "--universe",
      "k8s-users",
      "--where",
      "challenges=Security|Storage",
      "--format",
      "json",
    ];
    expect(JSON.parse(first.get("clusters-k8s-users-filtered.json")!.toString()).crosstab).toEqual(
      JSON.parse((await runCli(filtered, fixtureDatabase)).stdout),
    );
  });

  it("holds the same tables in the workbook as in the CSVs, read back with read-excel-file", async () => {
    const sheets = await readXlsxFile(first.get("tables.xlsx")!);
    const index = JSON.parse(first.get("index.json")!.toString());
    expect(sheets.map((s) => s.sheet)).toEqual([
      "index",
      ...index.tables.map((t: { sheet: string }) => t.sheet),
    ]);
    for (const t of index.tables as { name: string; sheet: string }[]) {
      const csv = csvRecords(first.get(`${t.name}.csv`)!.toString());
      const sheet = sheets.find((s) => s.sheet === t.sheet)!.data;
      expect(sheet, t.name).toEqual(csv.map((r) => r.map(typedField)));
      // and the shares are the JSON's, as numbers
      const rows = JSON.parse(first.get(`${t.name}.json`)!.toString()).crosstab.rows;
      const share = sheet[0]!.indexOf("share");
      expect(sheet.slice(1).map((r) => r[share])).toEqual(
        rows.map((c: { share: number }) => c.share),
      );
    }
    const head = sheets[0]!.data[0]!;
    expect(sheets[0]!.data.slice(1).map((r) => r[head.indexOf("table")])).toEqual(
      index.tables.map((t: { name: string }) => t.name),
    );
  });

  it("gives a different stamp, and only that, on a changed database", async () => {
    const dir = await tempDir();
    const changed = join(dir, "changed.duckdb");
    await copyFile(fixtureDatabase, changed);
    // one answer less: respondent 8's organization size (blank in no figure, counted in no column here)
    const instance = await DuckDBInstance.create(changed);
    const conn = await instance.connect();
    await conn.run(
      `DELETE FROM answers WHERE year = 2019 AND respondent = 8 AND question = 'org_size'`,
    );
    conn.closeSync();
    instance.closeSync();
    await runCli(["tabs", plan("plan.yml"), "--out", join(dir, "out")], changed);
    const index = JSON.parse((await readFile(join(dir, "out", "index.json"))).toString());
    const before = JSON.parse(first.get("index.json")!.toString());
    expect(index.stamp.database.sha256).not.toBe(before.stamp.database.sha256);
    expect(index.stamp.plan).toEqual(before.stamp.plan);
  });

  it("writes a weighted table as crosstab --weight gives it, its weighting reported", async () => {
    const out = join(await tempDir(), "out");
    await runCli(["tabs", plan("weighted.yml"), "--out", out], fixtureDatabase);
    const weighted = JSON.parse((await readFile(join(out, "weighted.json"))).toString()).crosstab;
    // the plan's targets file is taken relative to the plan's folder
    const json = JSON.parse(
      (
        await runCli(
          [
            "crosstab",
            "challenges",
            "--by",
            "org_size",
            "--year",
            "2019",
            "--weight",
            plan("targets.yml"),
            "--trim",
            "0.5,2",
            "--format",
            "json",
          ],
          fixtureDatabase,
        )
      ).stdout,
    );
    // the file's path is written as given: the plan's relative one, the command line's absolute
    const same = (x: { weighting: { target: unknown } }) => ({
      ...x,
      weighting: { ...x.weighting, target: null },
    });
    expect(same(weighted)).toEqual(same(json));
    expect(weighted.weighting.parts.map((p: { year: number }) => p.year)).toEqual([2019]);
    expect(weighted.rows.every((c: { n_eff?: number }) => typeof c.n_eff === "number")).toBe(true);
    const unweighted = JSON.parse((await readFile(join(out, "unweighted.json"))).toString());
    expect(unweighted.crosstab.weighting).toBeUndefined();
  });
});

describe("a tab plan with --format json", () => {
  it("writes the JSON and the index only", async () => {
    const out = join(await tempDir(), "out");
    await runCli(["tabs", plan("plan.yml"), "--out", out, "--format", "json"], fixtureDatabase);
    const files = await readdir(out);
    expect(files.filter((f) => !f.endsWith(".json"))).toEqual([]);
    expect(files).toContain("index.json");
    expect(files).toHaveLength(4 + 2); // four tables, the index, the manifest
  });
});

describe("the workbook", () => {
  afterEach(() => vi.useRealTimers());

  it("is the same bytes whenever it is written (the zip's entry times are fixed)", async () => {
    const sheets = [
      {
        name: "index",
        rows: [
          ["a", "b"],
          ["x", 1.5],
        ],
      },
    ];
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-01-01T10:00:00Z"));
    const a = await workbookBytes(sheets);
    vi.setSystemTime(new Date("2027-06-30T23:59:58Z"));
    const b = await workbookBytes(sheets);
    expect(sha256(b)).toBe(sha256(a));
  });

  it("stays a file a spreadsheet opens when a text holds a character XML cannot (write-excel-file drops it)", async () => {
    const bytes = await workbookBytes([{ name: "index", rows: [["label"], ["a\u0001b\uffffc"]] }]);
    const [sheet] = await readXlsxFile(Buffer.from(bytes));
    expect(sheet!.data).toEqual([["label"], ["abc"]]);
  });

  it("cuts sheet names to 31 characters and keeps them unique, ignoring case", () => {
    const long = "x".repeat(40);
    expect(sheetNames([long, long.toUpperCase(), long, "Index"], ["index"])).toEqual([
      "x".repeat(31),
      `${"X".repeat(29)}~2`,
      `${"x".repeat(29)}~3`,
      "Index~2",
    ]);
  });
});
