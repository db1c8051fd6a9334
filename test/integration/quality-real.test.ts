import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { rawDir } from "../../src/paths.ts";
import { listPosition } from "../../src/survey/quality-position.ts";
import { speed } from "../../src/survey/quality-speed.ts";
import { straightLining } from "../../src/survey/quality-straight-lining.ts";
import { marginalQuality } from "../../src/survey/quality-marginals.ts";
import { panelDifferences } from "../../src/survey/quality-panel.ts";
import { noRealData, realDatabase, withRealDatabase } from "../support/databases.ts";
import { runCli } from "../support/cli.ts";

/** One CSV record split into fields (quotes honoured). */
function fields(line: string): string[] {
  const out: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') ((cell += '"'), i++);
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") (out.push(cell), (cell = ""));
    else cell += ch;
  }
  out.push(cell);
  return out;
}

/** "7/10/2022 15:22" as minutes since an epoch, read without DuckDB. */
function minutes(stamp: string): number {
  const [, m, d, y, h, min] = /^(\d+)\/(\d+)\/(\d{4}) (\d+):(\d+)$/.exec(stamp)!;
  return Date.UTC(+y!, +m! - 1, +d!, +h!, +min!) / 60000;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/**
 * The checks on the real database against numbers computed another way: from the raw 2022 CSV
 * read here (records folded on \r\r\n, Windows-1252; the panel is the collector CNCF's 54%
 * points to), and with DuckDB's own rank correlation.
 */
describe.skipIf(noRealData)("response quality on the real data", () => {
  /** Each published 2022 respondent's raw record, with its part of the sample. */
  let records: { fields: string[]; panel: boolean }[];
  let header: string[][];
  beforeAll(async () => {
    const bytes = await readFile(join(rawDir, "cncf-surveys/2022 CNCF Survey - Raw Data.csv"));
    // why: records end in \r\r\n; a lone \r\n sits inside a quoted header cell
    const lines = new TextDecoder("windows-1252").decode(bytes).split("\r\r\n");
    header = lines.slice(0, 3).map(fields);
    // Which spreadsheet rows the screening kept: the one fact taken from the database.
    const kept = await withRealDatabase((query) =>
      query(`SELECT sheet_row FROM respondents WHERE year = 2022 AND excluded IS NULL`),
    );
    const rows = new Set(kept.map((r) => Number(r.sheet_row)));
    const collector = header[1]!.indexOf("Collector ID");
    records = lines
      .map((line, i) => ({ line, row: i + 1 }))
      .filter((r) => rows.has(r.row))
      .map((r) => {
        const f = fields(r.line);
        return { fields: f, panel: f[collector] === "422569139" };
      });
  });

  it("reads 2063 published 2022 records from the raw file, 1108 of them the panel's", () => {
    expect(records.length).toBe(2063);
    expect(records.filter((r) => r.panel).length).toBe(1108);
  });

  it("times 2022's respondents as the raw Start and End dates do", async () => {
    const start = header[1]!.indexOf("Start Date");
    const end = header[1]!.indexOf("End Date");
    const took = (panel?: boolean) =>
      records
        .filter((r) => panel === undefined || r.panel === panel)
        .map((r) => minutes(r.fields[end]!) - minutes(r.fields[start]!));
    const line = median(took()) / 3;
    const expected = [undefined, false, true].map((panel) => ({
      n: took(panel).length,
      median_minutes: median(took(panel)),
      speeders: took(panel).filter((m) => m < line).length,
    }));
    const rows = await withRealDatabase((_q, db) => speed(db.conn, { year: 2022 }));
    expect(
      rows.map((r) => ({ n: r.n, median_minutes: r.median_minutes, speeders: r.speeders })),
    ).toEqual(expected);
    // As worked once in Python from the same file: panel 8 minutes, community 13.
    expect(expected).toEqual([
      { n: 2063, median_minutes: 10, speeders: 168 },
      { n: 955, median_minutes: 13, speeders: 57 },
      { n: 1108, median_minutes: 8, speeders: 111 },
    ]);
  });

  it("counts straight-liners of the WebAssembly-impact grid as the raw codes show", async () => {
    const first = header[1]!.findIndex((h) => h.startsWith("In each of the following areas"));
    const straight = (panel: boolean) => {
      const grids = records
        .filter((r) => r.panel === panel)
        .map((r) => r.fields.slice(first, first + 10))
        .filter((cells) => cells.every((c) => c !== ""));
      return [grids.length, grids.filter((cells) => new Set(cells).size === 1).length];
    };
    expect([straight(false), straight(true)]).toEqual([
      [722, 396],
      [972, 131],
    ]);
    const rows = await withRealDatabase((_q, db) => straightLining(db.conn, { year: 2022 }));
    const wasm = (sample: string) =>
      rows.find((r) => r.sample === sample && r.question === "wasm_impact")!;
    expect([wasm("community").n, wasm("community").straight]).toEqual(straight(false));
    expect([wasm("panel").n, wasm("panel").straight]).toEqual(straight(true));
  });

  it("finds the 2022 CI/CD list's position effect in the panel, as DuckDB's own ranks do", async () => {
    const [ours, duck] = await withRealDatabase(async (query, db) => [
      await listPosition(db.conn, { year: 2022 }),
      await query(`
        WITH base AS (
          SELECT r.panel, count(DISTINCT a.respondent) AS n FROM answers a
          JOIN respondents r USING (source, respondent) WHERE a.year = 2022 AND a.question = 'cicd'
          GROUP BY ALL),
        opts AS (
          SELECT option_id, min(position) AS pos FROM survey_columns
          WHERE year = 2022 AND question_id = 'cicd' AND kind = 'option' AND option_id IS NOT NULL
          GROUP BY ALL),
        shares AS (
          SELECT b.panel, o.pos, count(a.respondent) / any_value(b.n) AS share
          FROM opts o CROSS JOIN base b
          LEFT JOIN (answers a JOIN respondents r USING (source, respondent))
            ON a.year = 2022 AND a.question = 'cicd' AND a.option = o.option_id AND r.panel = b.panel
          GROUP BY ALL),
        ranked AS (
          SELECT panel, pos,
            (rank() OVER (PARTITION BY panel ORDER BY share)
             + count(*) OVER (PARTITION BY panel ORDER BY share) ) / 2 AS share_rank
          FROM shares)
        SELECT panel, corr(pos, share_rank) AS rho FROM ranked GROUP BY ALL ORDER BY panel`),
    ]);
    const rho = (sample: string) =>
      ours.find((r) => r.sample === sample && r.question === "cicd")!.rho!;
    expect(rho("community")).toBeCloseTo(Number(duck[0]!.rho), 10);
    expect(rho("panel")).toBeCloseTo(Number(duck[1]!.rho), 10);
    expect(rho("panel")).toBeLessThan(-0.7);
    expect(Math.abs(rho("community"))).toBeLessThan(0.2);
  });

  it("flags the CI/CD tools as answered differently by the panel, and not the human check", async () => {
    const rows = await withRealDatabase((_q, db) => panelDifferences(db.conn));
    const get = (q: string) => rows.find((r) => r.question === q)!;
    expect(get("cicd")).toMatchObject({ n_community: 605, n_panel: 695, flagged: true });
    expect(get("cicd").rho_position_difference).toBeLessThan(0);
    expect(get("human_check").flagged).toBe(false);
  });

  it("recovers 2021's regional bases so that they add up to each sheet's printed Answered", async () => {
    const rows = await withRealDatabase((_q, db) => marginalQuality(db.conn));
    const sheets = new Map<string, { total: number; regions: number }>();
    for (const r of rows.filter((r) => !r.matrix)) {
      const s = sheets.get(`${r.wave} ${r.sheet}`) ?? { total: 0, regions: 0 };
      if (r.region === "Total") s.total = r.answered!;
      else s.regions += r.answered!;
      sheets.set(`${r.wave} ${r.sheet}`, s);
    }
    expect(sheets.size).toBe(47);
    for (const [sheet, s] of sheets) expect(s.regions, sheet).toBe(s.total);
    // Wave 1's challenges: Africa 118 Complexity at 49.37% → 239 answered of its 249.
    expect(
      rows.find((r) => r.wave === 1 && r.question_id === "challenges" && r.region === "Africa"),
    ).toMatchObject({ respondents: 249, answered: 239, skipped: 10 });
  });

  it("prints all seven checks from the command line", async () => {
    const { stdout } = await runCli(
      ["quality", "--year", "2022", "--format", "json"],
      realDatabase,
    );
    const out = JSON.parse(stdout);
    expect(out.scope).toEqual({ year: 2022, byRegion: false });
    expect(out.checks.speed.rows.map((r: { median_minutes: number }) => r.median_minutes)).toEqual([
      10, 13, 8,
    ]);
    expect(out.checks.marginals.rows).toEqual([]);
  });
});
