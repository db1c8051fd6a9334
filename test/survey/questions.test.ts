import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { codebookYears, questions } from "../../src/survey/questions.ts";
import { questionsOptions, run } from "../../src/cli/commands/questions.ts";
import { openDatabase, type Database } from "../../src/db/open.ts";
import { CensusError } from "../../src/errors.ts";
import { loadCodebook } from "../../src/ingest/codebook/codebook.ts";
import { writeCodebook } from "../../src/ingest/codebook/codebook-table.ts";
import { SURVEY_SCHEMA } from "../../src/db/schema.ts";
import { IDENTITY_SCHEMA } from "../../src/db/identity.ts";
import { fixture } from "../support/fixtures.ts";

let dir: string;
let dbPath: string;
let db: Database;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "questions-"));
  dbPath = join(dir, "fixture.duckdb");
  const instance = await DuckDBInstance.create(dbPath);
  const conn = await instance.connect();
  // writeCodebook's respondent_profile view reads the survey tables: they must exist (empty).
  // …and the mark that makes it a kube-census database, as ingest writes it.
  await conn.run(IDENTITY_SCHEMA + SURVEY_SCHEMA);
  await writeCodebook(conn, await loadCodebook(fixture("codebook-questions")));
  conn.closeSync();
  instance.closeSync();
  db = await openDatabase(dbPath);
});

afterAll(async () => {
  db.close();
  await rm(dir, { recursive: true, force: true });
});

const ids = async (filter: Parameters<typeof questions>[1]) =>
  (await questions(db.conn, filter)).map((q) => q.id);

describe("questions", () => {
  it("lists every question by id, with its years and options", async () => {
    const all = await questions(db.conn);
    expect(all.map((q) => q.id)).toEqual([
      "cncf_adjectives",
      "cncf_projects",
      "containers",
      "grpc_use",
      "release_automation",
      "serverless_hosted",
    ]);
    expect(all.find((q) => q.id === "containers")).toEqual({
      id: "containers",
      label: "Containers typically run",
      type: "single",
      years: [2019, 2021, 2022],
      options: 3,
      option_list: ["<50", "50-249", "None"],
      nets: [{ name: "Some containers", members: ["<50", "50-249"] }],
    });
    expect(all.find((q) => q.id === "cncf_adjectives")).toMatchObject({
      type: "free_text",
      options: 0,
      option_list: [],
    });
  });

  it("keeps the questions a year asks, 2021's summaries included", async () => {
    expect(await ids({ year: 2018 })).toEqual(["cncf_projects", "grpc_use"]);
    expect(await ids({ year: 2021 })).toEqual(["containers"]);
    expect(await ids({ year: 2020 })).toEqual(["release_automation"]);
    expect(await ids({ year: 2017 })).toEqual([]);
  });

  it("searches id, label, every year's wording, options and aliases, ignoring case", async () => {
    // grpc_use by its id, label and question; cncf_projects by its option "gRPC".
    expect(await ids({ search: "GRPC" })).toEqual(["cncf_projects", "grpc_use"]);
    // Only 2022's wording says "at any one time"; "49 or less" is an alias of "<50".
    expect(await ids({ search: "at any one time" })).toEqual(["containers"]);
    expect(await ids({ search: "49 or LESS" })).toEqual(["containers"]);
    expect(await ids({ search: "vercel" })).toEqual(["serverless_hosted"]);
    expect(await ids({ search: "adjectives" })).toEqual(["cncf_adjectives"]);
    // Literal text, not a LIKE pattern: "%" is only in release_automation's options.
    expect(await ids({ search: "%" })).toEqual(["release_automation"]);
    expect(await ids({ search: "no such words" })).toEqual([]);
    // a standard net's name (containers.yml's "Some containers")
    expect(await ids({ search: "SOME containers" })).toEqual(["containers"]);
  });

  it("combines the year and the search", async () => {
    expect(await ids({ year: 2019, search: "grpc" })).toEqual(["cncf_projects"]);
    expect(await ids({ year: 2018, search: "containers" })).toEqual([]);
  });

  it("knows the years the codebook maps", async () => {
    expect(await codebookYears(db.conn)).toEqual([2018, 2019, 2020, 2021, 2022]);
  });
});

describe("kube-census questions", () => {
  it("normalises its flags and refuses the ones that make no sense", () => {
    expect(questionsOptions({ year: " 2019 ", search: " mesh " })).toEqual({
      year: 2019,
      search: "mesh",
    });
    expect(questionsOptions({ coverage: true })).toEqual({ coverage: true });
    expect(() => questionsOptions({ year: "19" })).toThrow(/--year must be a survey year/);
    expect(() => questionsOptions({ search: "  " })).toThrow(/--search is empty/);
    expect(() => questionsOptions({ coverage: true, year: "2019" })).toThrow(/drop --year/);
    expect(() => questionsOptions({}, ["mesh"])).toThrow(/unexpected argument "mesh"/);
  });

  it("answers an unknown year with the years that exist", async () => {
    const err = await run({ year: 2017 }, "table", dbPath).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CensusError);
    expect((err as CensusError).message).toBe(
      "questions: no survey year 2017 in the codebook; years: 2018, 2019, 2020, 2021, 2022.",
    );
  });

  it("prints JSON with the option list and CSV with one line per question", async () => {
    const out = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      await run({ search: "vercel" }, "json", dbPath);
      await run({ year: 2018 }, "csv", dbPath);
      const [json, csv] = out.mock.calls.map((c) => String(c[0]));
      expect(JSON.parse(json!)).toEqual([
        {
          id: "serverless_hosted",
          label: "Hosted serverless platforms",
          type: "multi",
          years: [2019],
          options: 3,
          option_list: ["AWS Lambda", "Zeit Now", "Other (please specify)"],
          nets: [],
        },
      ]);
      expect(csv).toBe(
        "id,label,type,years,options,nets\n" +
          'cncf_projects,CNCF projects,matrix,"2018, 2019",3,\n' +
          "grpc_use,gRPC use (2018),single,2018,2,\n",
      );
      await run({ search: "typically run" }, "csv", dbPath);
      expect(String(out.mock.calls[2]![0])).toBe(
        "id,label,type,years,options,nets\n" +
          'containers,Containers typically run,single,"2019, 2021, 2022",3,Some containers\n',
      );
    } finally {
      out.mockRestore();
    }
  });
});
