import { execFileSync, spawnSync } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance, quotedString } from "@duckdb/node-api";
import { beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../src/db/open.ts";
import { loadCodebook } from "../../src/ingest/codebook/codebook.ts";
import { KV_KEYS } from "../../src/export/labelled-export.ts";
import { noRealData, realDatabase, withRealDatabase } from "../support/databases.ts";
import { runCli } from "../support/cli.ts";

/**
 * `export --labelled` on the real 2019 and 2022 exports. The respondents checked by hand were
 * read in the raw CSVs (cells named below) and their answers turned into codes through the
 * codebook files' option order (data/codebook/*.yml), not through the export's code.
 */

const codebook = new Map((await loadCodebook()).map((q) => [q.id, q]));
/** An option's code: its 1-based place in the codebook file's option list. */
const code = (question: string, option: string) => {
  const i = codebook.get(question)!.options.indexOf(option);
  expect(i, `${question}: ${option}`).toBeGreaterThanOrEqual(0);
  return i + 1;
};

async function readBack(sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(":memory:");
  const conn = await instance.connect();
  try {
    return await queryRows(conn, sql);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

type Row = Record<string, string>;
function parseCsv(text: string): { header: string[]; rows: Row[] } {
  // The file holds numbers and one ISO time: no quoted cells to parse.
  const [head, ...lines] = text.trimEnd().split("\n");
  const header = head!.split(",");
  return {
    header,
    rows: lines.map((l) => Object.fromEntries(l.split(",").map((v, i) => [header[i]!, v]))),
  };
}

const has = (program: string) => spawnSync("sh", ["-c", `command -v ${program}`]).status === 0;

describe.skipIf(noRealData)("the labelled respondent file, real exports", () => {
  let dir: string;
  let y2019: { header: string[]; rows: Row[] };
  let y2022: { header: string[]; rows: Row[] };
  const bySheetRow = (f: { rows: Row[] }, row: number) =>
    f.rows.find((r) => r.sheet_row === String(row))!;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "kc-labelled-"));
    await runCli(
      ["export", "--labelled", "--year", "2019", "--out", join(dir, "2019")],
      realDatabase,
    );
    await runCli(
      [
        "export",
        "--labelled",
        "--year",
        "2022",
        "--out",
        join(dir, "2022"),
        "--weight",
        "2019",
        "--weight-by",
        "org_size,region",
      ],
      realDatabase,
    );
    y2019 = parseCsv(await readFile(join(dir, "2019/respondents_2019.csv"), "utf8"));
    y2022 = parseCsv(await readFile(join(dir, "2022/respondents_2022.csv"), "utf8"));
  }, 240_000);

  it("has one row per respondent of the published sample", () => {
    expect(y2019.rows).toHaveLength(1337);
    expect(y2022.rows).toHaveLength(2063);
  });

  it("has as many columns as the questions' options and rows, counted from survey_offered", async () => {
    // One column per single-choice question, per option of a multi-select (and of 2019's
    // serverless, answered twice by 83 respondents), per row of a matrix; plus the fixed columns.
    const expected = await withRealDatabase(async (query) => {
      const count = async (year: number) =>
        Number(
          (
            await query(
              `SELECT sum(CASE WHEN q.type = 'single' AND NOT (q.id = 'serverless' AND $year = 2019) THEN 1
                               ELSE (SELECT count(*) FROM survey_offered o WHERE o.year = $year AND o.question = q.id) END) AS n
               FROM codebook_questions q
               WHERE q.type <> 'free_text' AND q.id IN (SELECT question_id FROM survey_columns WHERE year = $year)`,
              { year },
            )
          )[0]!.n,
        );
      return { 2019: await count(2019), 2022: await count(2022) };
    });
    // respondent, sheet_row, k8s_user
    expect(y2019.header).toHaveLength(expected[2019] + 3);
    // … and sample, started, completion_minutes, weight
    expect(y2022.header).toHaveLength(expected[2022] + 7);
    // 2019's challenges block has 14 columns in the raw header (13 options, "Other (please
    // specify)"); its ingress block 15 (14 and Other): one indicator each.
    expect(y2019.header.filter((h) => /^challenges_\d+$/.test(h))).toHaveLength(14);
    expect(y2019.header.filter((h) => /^ingress_\d+$/.test(h))).toHaveLength(15);
  });

  it("codes 2019's sheet rows 3 and 100 as the raw CSV answered", () => {
    // Row 3: Asia, >5000, Technology, Monitoring and Reliability (columns 259, 261), EBS
    // "Using in Production" (column 80), a typed role ("Other (please specify)", text not kept).
    const r3 = bySheetRow(y2019, 3);
    expect(r3.region).toBe(String(code("region", "Asia")));
    expect(r3.org_size).toBe(String(code("org_size", ">5000")));
    expect(r3.role).toBe(String(code("role", "Other (please specify)")));
    expect(r3[`challenges_${code("challenges", "Monitoring")}`]).toBe("1");
    expect(r3[`challenges_${code("challenges", "Reliability")}`]).toBe("1");
    expect(r3[`challenges_${code("challenges", "Complexity")}`]).toBe("0");
    expect(r3[`storage_${code("storage", "Amazon Elastic Block Storage (EBS)")}`]).toBe("1"); // Using in production
    expect(r3.k8s_user).toBe("1");
    // Row 100: Europe, <10, Complexity, Monitoring, Reliability, Security, Storage; Ceph in production.
    const r100 = bySheetRow(y2019, 100);
    expect(r100.region).toBe(String(code("region", "Europe")));
    expect(r100.org_size).toBe(String(code("org_size", "<10")));
    const chosen = ["Complexity", "Monitoring", "Reliability", "Security", "Storage"].map(
      (o) => `challenges_${code("challenges", o)}`,
    );
    for (const h of y2019.header.filter((h) => /^challenges_\d+$/.test(h)))
      expect(r100[h], h).toBe(chosen.includes(h) ? "1" : "0");
    expect(r100[`storage_${code("storage", "Ceph")}`]).toBe("1");
  });

  it("codes 2022's sheet rows 4 and 11 as the raw CSV answered, with sample and completion time", () => {
    // Row 4: collector 421480779 (community), 7/10/2022 15:22 → 15:39, Q1 = 4 (Europe
    // (including Russia)), Q5 = 5 (500-999), Q6 column 19 = SRE / DevOps Engineer, Q10 = Hybrid only.
    const r4 = bySheetRow(y2022, 4);
    expect(r4.sample).toBe("1");
    expect(r4.started).toBe("2022-07-10 15:22:00");
    expect(r4.completion_minutes).toBe("17");
    expect(r4.region).toBe(String(code("region", "Europe (including Russia)")));
    expect(r4.org_size).toBe(String(code("org_size", "500-999")));
    expect(r4[`job_function_${code("job_function", "SRE / DevOps Engineer")}`]).toBe("1");
    expect(r4[`job_function_${code("job_function", "Software Architect")}`]).toBe("0");
    // Row 11: 4:34 → 5:16, Q1 = 6 (Japan), Q5 = 4 (100-499), Q6 left empty: not answered, not 0.
    const r11 = bySheetRow(y2022, 11);
    expect(r11.completion_minutes).toBe("42");
    expect(r11.region).toBe(String(code("region", "Japan")));
    expect(r11.org_size).toBe(String(code("org_size", "100-499")));
    expect(r11[`job_function_${code("job_function", "Software Architect")}`]).toBe("");
  });

  it("flags the figures' Kubernetes users: 1,197 in 2019 (the book's n), and 2022's by the same definition", async () => {
    const users = (f: { rows: Row[] }) => f.rows.filter((r) => r.k8s_user === "1").length;
    expect(users(y2019)).toBe(1197);
    const expected2022 = await withRealDatabase(async (query) =>
      Number(
        (
          await query(`SELECT count(DISTINCT respondent) AS n FROM answers
            WHERE year = 2022 AND question = 'k8s_clusters' AND option IN ('1', '2-5', '6-10', '11-20', '21-50', '50+')
              AND respondent IN (SELECT respondent FROM answers WHERE year = 2022 AND question = 'challenges')`)
        )[0]!.n,
      ),
    );
    expect(users(y2022)).toBe(expected2022);
    // the paid panel: 1,108 of 2,063 (README, "The paid panel")
    expect(y2022.rows.filter((r) => r.sample === "2")).toHaveLength(1108);
  });

  it("holds no free text: every cell is a number or the start time", async () => {
    for (const year of [2019, 2022]) {
      const text = await readFile(join(dir, `${year}/respondents_${year}.csv`), "utf8");
      const body = text.split("\n").slice(1).join("\n");
      // Remove the ISO start times; what is left may hold only digits, points, commas, signs.
      const rest = body.replace(/\d{4}-\d\d-\d\d \d\d:\d\d:00/g, "");
      expect(rest.match(/[^\d.,e+\-\n]/g), `${year}`).toBeNull();
    }
  });

  it("weights 2022 to 2019's region mix: mean weight 1, North America at 2019's 502 / 1,337", () => {
    const w = y2022.rows.map((r) => Number(r.weight));
    expect(w.every((x) => x > 0)).toBe(true);
    expect(w.reduce((s, x) => s + x, 0) / w.length).toBeCloseTo(1, 9);
    const na = String(code("region", "United States or Canada"));
    const share =
      y2022.rows.reduce((s, r) => s + (r.region === na ? Number(r.weight) : 0), 0) / w.length;
    expect(share).toBeCloseTo(502 / 1337, 6);
    expect(y2019.header).not.toContain("weight");
  });

  it("carries variable labels, value labels and MR sets in the Parquet metadata, read back by DuckDB", async () => {
    const file = join(dir, "2019/respondents_2019.parquet");
    const kv = new Map(
      (
        await readBack(
          `SELECT decode(key) AS k, decode(value) AS v FROM parquet_kv_metadata(${quotedString(file)})`,
        )
      ).map((r) => [String(r.k), String(r.v)]),
    );
    const variables = JSON.parse(kv.get(KV_KEYS.variables)!) as {
      name: string;
      label: string;
      values: { code: number; label: string }[] | null;
    }[];
    expect(variables.map((v) => v.name)).toEqual(y2019.header);
    const region = variables.find((v) => v.name === "region")!;
    expect(region.label).toBe("Region");
    expect(region.values).toContainEqual({ code: code("region", "Asia"), label: "Asia" });
    const mrsets = JSON.parse(kv.get(KV_KEYS.mrsets)!) as { name: string; variables: string[] }[];
    expect(mrsets.find((s) => s.name === "challenges")!.variables).toEqual(
      y2019.header.filter((h) => /^challenges_\d+$/.test(h)),
    );
    const meta = JSON.parse(kv.get(KV_KEYS.file)!) as {
      year: number;
      respondents: number;
      free_text: string;
    };
    expect(meta).toMatchObject({ year: 2019, respondents: 1337 });
    expect(meta.free_text).toMatch(/not in this file/);
    // The Parquet and the CSV hold the same values.
    const differ = await readBack(`SELECT count(*) AS n FROM (
      SELECT * FROM read_parquet(${quotedString(file)})
      EXCEPT SELECT * FROM read_csv(${quotedString(join(dir, "2019/respondents_2019.csv"))}, header = true, all_varchar = false))`);
    expect(Number(differ[0]!.n)).toBe(0);
  });

  it("refuses 2021, which has summaries only, saying why", async () => {
    const failed = await runCli(
      ["export", "--labelled", "--year", "2021", "--out", join(dir, "2021")],
      realDatabase,
    ).catch((e: { code: number; stderr: string }) => e);
    expect((failed as { code: number }).code).toBe(1);
    expect((failed as { stderr: string }).stderr).toMatch(
      /2021: CNCF published only one-question summaries.*Years with respondents: 2018, 2019, 2020, 2022/s,
    );
  });

  it.skipIf(!has("pspp"))("runs in GNU PSPP: 1,197 Kubernetes users, no error", async () => {
    await writeFile(
      join(dir, "2019/check.sps"),
      "INCLUDE FILE='respondents_2019.sps'.\nWEIGHT OFF.\nFREQUENCIES VARIABLES=k8s_user.\n",
    );
    const out = execFileSync("pspp", ["-O", "format=csv", "-o", "-", "check.sps"], {
      cwd: join(dir, "2019"),
      encoding: "utf8",
    });
    expect(out).not.toMatch(/error|warning/i);
    expect(out).toMatch(/Kubernetes user,1197,/);
  });

  it.skipIf(!has("Rscript"))(
    "builds a survey::svydesign in R whose weighted mean is the file's",
    async () => {
      await writeFile(
        join(dir, "2022/check.R"),
        'source("respondents_2022.R")\ncat(format(coef(survey::svymean(~k8s_user, design)), digits = 15))\n',
      );
      const out = execFileSync("Rscript", ["check.R"], {
        cwd: join(dir, "2022"),
        encoding: "utf8",
      });
      const w = y2022.rows.map((r) => Number(r.weight));
      const mean =
        y2022.rows.reduce((s, r, i) => s + w[i]! * Number(r.k8s_user), 0) /
        w.reduce((s, x) => s + x, 0);
      expect(Number(out.trim())).toBeCloseTo(mean, 10);
    },
  );
});
