import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, queryRows, type Database } from "../../src/db/open.ts";
import { loadCodebook } from "../../src/ingest/codebook/codebook.ts";
import { ingest } from "../../src/ingest/ingest.ts";
import { fixture, fixtureSource } from "../support/fixtures.ts";

/** test/fixtures/breaks/README.md: one change of each kind between a 2018 and a 2019 export. */
let db: Database;
beforeAll(async () => {
  const database = join(await mkdtemp(join(tmpdir(), "kc-breaks-")), "census.duckdb");
  await ingest({
    sources: [
      fixtureSource("breaks/tools-2018.csv", 2018, "survey-2018"),
      fixtureSource("breaks/tools-2019.csv", 2019, "survey-2019"),
    ],
    rawDir: fixture(""),
    databasePath: database,
    questions: await loadCodebook(fixture("breaks/codebook")),
    // The fixture codebook maps only the questions under test: no coverage floor (data/surveys/coverage.yml).
    minCoverage: 0,
  });
  db = await openDatabase(database);
});
afterAll(() => db?.close());

const breaks = async (question: string) =>
  (
    await queryRows(
      db.conn,
      `SELECT year, previous_year, kind, option, comparable, valid_only, origin FROM question_breaks
       WHERE question = '${question}' ORDER BY kind, option NULLS FIRST`,
    )
  ).map((b) => ({
    year: Number(b.year),
    previous_year: Number(b.previous_year),
    kind: b.kind,
    option: b.option,
    comparable: b.comparable,
    valid_only: b.valid_only,
    origin: b.origin,
  }));

describe("breaks derived from the data", () => {
  it("options: a new multi-select option breaks its own row and Other's; a rename is an alias, comparable", async () => {
    expect(await breaks("tools")).toEqual([
      {
        year: 2019,
        previous_year: 2018,
        kind: "alias",
        option: "Beta",
        comparable: true,
        valid_only: false,
        origin: "derived",
      },
      {
        year: 2019,
        previous_year: 2018,
        kind: "options",
        option: "Gamma",
        comparable: false,
        valid_only: false,
        origin: "derived",
      },
      {
        year: 2019,
        previous_year: 2018,
        kind: "options",
        option: "Other (please specify)",
        comparable: false,
        valid_only: false,
        origin: "derived",
      },
    ]);
  });

  it("options: a single choice's changed list breaks every row; a don't-know answer alone is valid_only", async () => {
    expect(await breaks("size")).toEqual([
      {
        year: 2019,
        previous_year: 2018,
        kind: "options",
        option: null,
        comparable: false,
        valid_only: true,
        origin: "derived",
      },
    ]);
  });

  it("type: one answer per respondent one year, several the next", async () => {
    expect((await breaks("pick")).map((b) => [b.kind, b.option])).toEqual([["type", null]]);
  });

  it("scale: a matrix's levels changed", async () => {
    const found = await breaks("rating");
    expect(found.map((b) => [b.kind, b.option])).toEqual([["scale", null]]);
  });

  it("typed Other text stays Other even when a later year lists it", async () => {
    const rows = await queryRows(
      db.conn,
      `SELECT year, option, count(*)::INTEGER AS n FROM answers WHERE question = 'tools' GROUP BY ALL ORDER BY ALL`,
    );
    expect(rows).toEqual([
      { year: 2018, option: "Alpha", n: 2 },
      { year: 2018, option: "Beta", n: 2 },
      { year: 2018, option: "Other (please specify)", n: 1 },
      { year: 2019, option: "Alpha", n: 2 },
      { year: 2019, option: "Beta", n: 1 },
      { year: 2019, option: "Gamma", n: 1 },
      { year: 2019, option: "Other (please specify)", n: 1 },
    ]);
  });
});
