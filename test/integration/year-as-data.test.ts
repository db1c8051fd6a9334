import { createHash } from "node:crypto";
import { cp, mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { openDatabase, queryRows } from "../../src/db/open.ts";
import { siteProvenance } from "../../src/export/provenance-data.ts";
import { projectRoot, rawDir } from "../../src/paths.ts";
import { explorerSiteData } from "../../src/site/explorer-data.ts";
import { figureSiteData } from "../../src/site/figure-data.ts";
import type {
  ExplorerMetaFile,
  FigureFile,
  SourceRow,
  SurveyYearsFile,
} from "../../src/site/site-data-types.ts";
import { SOURCES_SQL } from "../../src/site/write-site-data.ts";
import { runCli } from "../support/cli.ts";
import { noRealData } from "../support/databases.ts";
import { fixture } from "../support/fixtures.ts";

/**
 * Issue 19, item 1: a survey year is data. A synthetic coded 2023 (test/fixtures/year-2023,
 * README there works out every count by hand) is added to a temporary copy of data/ — a manifest
 * entry, its survey file, its own code frame, screening rules and panel collector, and codebook
 * year entries — and goes through the CLI as a user runs it: nothing under src/ names 2023.
 */

const RAW_FILE = "cncf-surveys/Cloud_Native_Survey_2023.csv";
/** The codebook questions the fixture asks, with its question texts (row 2 of coded-2023.csv). */
const YEAR_2023: Record<string, string> = {
  human_check: "Please indicate what best describes who you are. (select one)",
  org_size: "How many employees does your organization have worldwide? (select one)",
  role: "What title most accurately describes your role? (select one)",
  container_use: "How are containers used within your organization? (select one)",
};

/** A copy of data/ without the raw files and the database, holding the 2023 year. */
async function dataWith2023(
  root: string,
  opts: { mapCodebook: boolean; keep?: string[] },
): Promise<string> {
  const data = join(root, "data");
  await cp(join(projectRoot, "data"), data, {
    recursive: true,
    filter: (from) => !/[/\\]data[/\\](raw|census\.duckdb)/.test(from),
  });
  const bytes = await readFile(fixture("year-2023/coded-2023.csv"));
  const raw = join(root, "raw");
  await mkdir(join(raw, "cncf-surveys"), { recursive: true });
  await writeFile(join(raw, RAW_FILE), bytes);
  // Only the new survey in the manifest (and the real sources `keep` names, their raw files
  // copied from data/raw): the test is about one year, and stays small.
  const kept = (
    JSON.parse(await readFile(join(projectRoot, "data", "sources.json"), "utf8")) as {
      sources: { id: string; file: string }[];
    }
  ).sources.filter((s) => opts.keep?.includes(s.id));
  for (const s of kept) {
    await mkdir(join(raw, s.file, ".."), { recursive: true });
    await cp(join(rawDir, s.file), join(raw, s.file));
  }
  const entry = {
    id: "survey-2023",
    kind: "survey",
    file: RAW_FILE,
    url: "https://example.invalid/Cloud_Native_Survey_2023.csv",
    commit: "a".repeat(40),
    sha256: createHash("sha256").update(bytes).digest("hex"),
    bytes: bytes.length,
    license: "Apache-2.0",
  };
  await writeFile(
    join(data, "sources.json"),
    JSON.stringify({ sources: [...kept, entry] }, null, 2),
  );
  for (const f of ["survey-2023.yml", "frame-2023.yml"])
    await cp(fixture(`year-2023/${f}`), join(data, "surveys", f));
  if (opts.mapCodebook)
    for (const [id, question] of Object.entries(YEAR_2023)) {
      const path = join(data, "codebook", `${id}.yml`);
      const doc = parseDocument(await readFile(path, "utf8"));
      doc.setIn(["years", 2023], doc.createNode({ question }));
      await writeFile(path, doc.toString());
    }
  return data;
}

/**
 * What the site shows of a database: the files the site-data writer (src/site/figure-data.ts,
 * the survey years and figure cards of write-site-data.ts) and the explorer's data give the
 * components. The components draw only these files — trend axes from `trendYears`, year names
 * and panels from survey-years.json, panel notes from the rows — so the site is checked here
 * without a site build (30 s and more; its landscape part needs every real snapshot).
 */
async function siteData(database: string) {
  const db = await openDatabase(database);
  try {
    const sources = (await queryRows(db.conn, SOURCES_SQL)) as unknown as SourceRow[];
    const files = await figureSiteData(db.conn, sources, await siteProvenance(db.conn));
    const explorer = (await explorerSiteData(db.conn)).meta as unknown as ExplorerMetaFile;
    return {
      years: files.get("survey-years.json") as SurveyYearsFile,
      figures: [...files].filter(([n]) => n.startsWith("figures/")).map(([, f]) => f as FigureFile),
      figure: (id: string) => files.get(`figures/${id}.json`) as FigureFile,
      explorer,
    };
  } finally {
    db.close();
  }
}

/** The panel notes of a year's whole-sample computed rows. */
const panelNotes = (figure: FigureFile, year: number) => [
  ...new Set(
    figure.result.rows
      .filter((r) => r.year === year && r.sample === "all" && r.source === "computed")
      .flatMap((r) => r.notes.filter((n) => n.kind === "panel").map((n) => n.text)),
  ),
];

const envFor = (root: string, data: string) => ({
  KUBE_CENSUS_DATA: data,
  KUBE_CENSUS_RAW: join(root, "raw"),
});

describe("a survey year defined only in data", () => {
  let root: string;
  let env: Record<string, string>;
  let database: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "kc-year-2023-"));
    env = envFor(root, await dataWith2023(root, { mapCodebook: true }));
    database = join(root, "census.duckdb");
    await runCli(["ingest"], database, env);
  }, 120_000);

  it("ingests, screens by its own rules in order, and marks its own panel", async () => {
    const db = await openDatabase(database);
    try {
      expect(
        await queryRows(db.conn, `SELECT rule, removed FROM screening ORDER BY "order"`),
      ).toEqual([
        { rule: "not-a-person", removed: 2 },
        { rule: "no-organization", removed: 2 },
        { rule: "incomplete", removed: 1 },
      ]);
      const respondents = await queryRows(
        db.conn,
        `SELECT respondent, excluded, panel FROM respondents WHERE year = 2023 ORDER BY respondent`,
      );
      expect(respondents.map((r) => [r.respondent, r.excluded, r.panel])).toEqual([
        [1, null, true],
        [2, "not-a-person", true],
        [3, "no-organization", false],
        // 2022's rules would screen a teacher out; 2023's keep them.
        [4, null, false],
        // Both the first and the second rule match: the first takes it.
        [5, "not-a-person", false],
        [6, "incomplete", true],
        [7, null, false],
        [8, null, true],
        [9, "no-organization", false],
        [10, null, true],
      ]);
      expect(
        await queryRows(
          db.conn,
          `SELECT source, year, period, respondents, sample, reference_date FROM survey_sources`,
        ),
      ).toEqual([
        {
          source: "survey-2023",
          year: 2023,
          period: "2023",
          respondents: 10,
          sample: 5,
          reference_date: null,
        },
      ]);
      // Its own frame decoded the codes: code 1 of Q1 is the real person here (2 in 2022).
      expect(
        await queryRows(
          db.conn,
          `SELECT option, count(*)::INTEGER AS n FROM answers_all WHERE question = 'human_check' GROUP BY option ORDER BY option`,
        ),
      ).toEqual([
        { option: "Don't know or not sure", n: 1 },
        { option: "I am a bot", n: 1 },
        { option: "I am a real person", n: 8 },
      ]);
    } finally {
      db.close();
    }
  });

  it("shows up in a figure that reads a coded question", async () => {
    const { stdout } = await runCli(
      ["figure", "container-use", "--year", "2023", "--format", "json"],
      database,
      env,
    );
    const rows = (JSON.parse(stdout) as { rows: Record<string, unknown>[] }).rows
      .filter((r) => r.source === "computed")
      .map((r) => [r.year, String(r.category).slice(0, 20), r.n, r.count]);
    expect(rows).toEqual(
      expect.arrayContaining([
        [2023, "Used for most or all", 5, 2],
        [2023, "Used for a few produ", 5, 2],
        [2023, "Piloting or actively", 5, 1],
      ]),
    );
    expect(rows.filter((r) => r[3] !== 0)).toHaveLength(3);
  });

  it("shows up in crosstab, split by its own panel", async () => {
    const { stdout } = await runCli(
      ["crosstab", "container_use", "--by", "sample", "--year", "2023", "--format", "json"],
      database,
      env,
    );
    const rows = (
      JSON.parse(stdout) as {
        rows: { year: number; column: string; option: string; n: number; count: number }[];
      }
    ).rows;
    // community: respondents 4 (a few) and 7 (most or all); panel: 1 (most or all), 8 (piloting)
    // and 10 (a few) — test/fixtures/year-2023/README.md
    expect(
      rows
        .filter((r) => (r.count ?? 0) > 0)
        .map((r) => [r.year, r.column, r.option.slice(0, 20), r.n, r.count])
        .sort((a, b) => String(a).localeCompare(String(b))),
    ).toEqual([
      [2023, "community", "Used for a few produ", 2, 1],
      [2023, "community", "Used for most or all", 2, 1],
      [2023, "panel", "Piloting or actively", 3, 1],
      [2023, "panel", "Used for a few produ", 3, 1],
      [2023, "panel", "Used for most or all", 3, 1],
    ]);
  });

  it("shows up in the site's data: survey years, trend axes, figure rows, panel note, explorer", async () => {
    const site = await siteData(database);
    // 3 of the 5 in the sample are panel (1, 8, 10: test/fixtures/year-2023/README.md)
    expect(site.years).toEqual([
      { year: 2023, label: "2023", panelShare: 0.6, summaryOnly: false },
    ]);
    for (const figure of site.figures) {
      expect(figure.trendYears, figure.definition.id).toContain(2023);
      expect(Math.max(...figure.trendYears), figure.definition.id).toBe(2023);
    }
    const card = site.figure("container-use");
    expect(card.surveys).toEqual([{ year: 2023, period: "2023" }]);
    expect(card.sources.map((s) => s.id)).toEqual(["survey-2023"]);
    const rows = (sample: string) =>
      card.result.rows
        .filter((r) => r.year === 2023 && r.sample === sample && r.source === "computed")
        .filter((r) => (r.count ?? 0) > 0)
        .map((r) => [String(r.category).slice(0, 20), r.n, r.count]);
    expect(rows("all")).toEqual([
      ["Used for most or all", 5, 2],
      ["Used for a few produ", 5, 2],
      ["Piloting or actively", 5, 1],
    ]);
    expect(rows("community").map((r) => r[1])).toEqual([2, 2]);
    expect(rows("panel").map((r) => r[1])).toEqual([3, 3, 3]);
    // No earlier year in this database: the note names none (no "except 2022's").
    expect(panelNotes(card, 2023)).toEqual([
      "60% of this year's screened sample came from a paid panel; earlier years' samples were community-only.",
    ]);
    expect(site.explorer.panels).toEqual([expect.objectContaining({ year: 2023, share: 0.6 })]);
    expect(site.explorer.periods).toEqual({ 2023: "2023" });
  });

  it("shows up in export", async () => {
    const out = join(root, "export");
    await runCli(["export", "--out", out, "--format", "csv"], database, env);
    const files = await readdir(out);
    expect(files).toContain("respondents.csv");
    const respondents = await readFile(join(out, "respondents.csv"), "utf8");
    const lines = respondents.trim().split("\n");
    // every respondent of the export, screened-out ones marked
    expect(lines.slice(1).filter((l) => l.includes("survey-2023"))).toHaveLength(10);
    const sources = await readFile(join(out, "survey_sources.csv"), "utf8");
    expect(sources).toContain("survey-2023");
  });
});

describe.skipIf(noRealData)("a survey year defined only in data, after the real 2022", () => {
  // The real 2022 export (its own panel) and the synthetic 2023 in one database: the 2023 panel
  // note must name 2022's panel, 2022's must not name 2023's, and the trends span both.
  let database: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    const root = await mkdtemp(join(tmpdir(), "kc-year-2022-2023-"));
    env = envFor(root, await dataWith2023(root, { mapCodebook: true, keep: ["survey-2022"] }));
    database = join(root, "census.duckdb");
    await runCli(["ingest"], database, env);
  }, 240_000);

  it("names 2022 as the earlier panel year in 2023's note, and draws both on every trend", async () => {
    // 2022's panel share counted here in plain SQL, not by the code under test
    const share2022 = await (async () => {
      const db = await openDatabase(database);
      try {
        const [r] = await queryRows(
          db.conn,
          `SELECT count(*) FILTER (WHERE panel)::DOUBLE / count(*) AS share
           FROM respondents WHERE year = 2022 AND excluded IS NULL`,
        );
        return Number(r!.share);
      } finally {
        db.close();
      }
    })();
    const pct = `${Math.round(share2022 * 100)}%`;
    const site = await siteData(database);
    expect(site.years.map((y) => [y.year, y.label, y.panelShare])).toEqual([
      [2022, "2022", expect.closeTo(share2022, 12)],
      [2023, "2023", 0.6],
    ]);
    for (const figure of site.figures)
      expect(
        figure.trendYears.filter((y) => y >= 2022),
        figure.definition.id,
      ).toEqual([2022, 2023]);
    const card = site.figure("container-use");
    expect(card.surveys).toEqual([
      { year: 2022, period: "2022" },
      { year: 2023, period: "2023" },
    ]);
    expect(panelNotes(card, 2022)).toEqual([
      `${pct} of this year's screened sample came from a paid panel; earlier years' samples were community-only.`,
    ]);
    expect(panelNotes(card, 2023)).toEqual([
      `60% of this year's screened sample came from a paid panel; earlier years' samples were community-only, except 2022's (${pct} paid panel).`,
    ]);
    expect(site.explorer.panels.map((p) => p.year)).toEqual([2022, 2023]);
  });

  it("compares 2022 and 2023 in the cross-tab with no sample break: their panel mixes are close", async () => {
    // 2022's share is 54% in the real export, 2023's 60%: under PANEL_MIX_BREAK (10 points)
    const byYear = async (years: string[]) => {
      const { stdout } = await runCli(
        [
          "crosstab",
          "container_use",
          "--by",
          "year",
          ...years.flatMap((y) => ["--year", y]),
          "--format",
          "json",
        ],
        database,
        env,
      );
      return JSON.parse(stdout) as { breaks: { year: number; kind: string }[] };
    };
    expect((await byYear(["2022", "2023"])).breaks.filter((b) => b.kind === "panel")).toEqual([]);
  });
});

describe("where the synthetic year is defined", () => {
  // why: the survey ingest and the manifest, not all of src/ (landscape code may name the
  // 2023-12-31 snapshot); the tests above ran the whole CLI with this year added as data only
  it("is named by no file of the survey ingest or the manifest's code", async () => {
    const named: string[] = [];
    const walk = async (dir: string, deep: boolean): Promise<void> => {
      for (const e of await readdir(dir, { withFileTypes: true })) {
        const path = join(dir, e.name);
        if (e.isDirectory()) {
          if (deep) await walk(path, deep);
        } else if ((await readFile(path, "utf8")).includes("2023")) named.push(path);
      }
    };
    await walk(join(projectRoot, "src", "ingest"), false);
    await walk(join(projectRoot, "src", "ingest", "survey"), true);
    await walk(join(projectRoot, "src", "sources"), true);
    expect(named).toEqual([]);
  });
});

describe("a survey year the codebook does not map", () => {
  it("is refused with the file, its coverage, the threshold and what to do; no database is written", async () => {
    const root = await mkdtemp(join(tmpdir(), "kc-year-2023-unmapped-"));
    const env = envFor(root, await dataWith2023(root, { mapCodebook: false }));
    const database = join(root, "census.duckdb");
    const failed = await runCli(["ingest"], database, env).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toMatch(
      /Cloud_Native_Survey_2023\.csv \(survey-2023\): the codebook maps 0 of its 4 question columns for 2023 \(coverage 0\.0%\), below the 90\.0% data\/surveys\/coverage\.yml requires\. Map the year in data\/codebook\/\*\.yml/,
    );
    expect(await readdir(root)).not.toContain("census.duckdb");
  }, 120_000);
});
