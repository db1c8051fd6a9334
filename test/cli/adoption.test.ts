import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.ts";
import { fixtureDatabase } from "../support/databases.ts";

// figures-2019.csv: everyone but respondent 8 answered the Kubernetes row; 1, 3, 4 and 7 use it in
// production (test/survey/figures.test.ts works the same numbers out for adoption-kubernetes).
describe("landscape --adoption on the fixture database", () => {
  it("counts Kubernetes adoption by the figure's own definition, with the survey's maturity block", async () => {
    const { stdout } = await runCli(
      ["landscape", "--adoption", "--format", "json"],
      fixtureDatabase,
    );
    const rows = JSON.parse(stdout) as Record<string, unknown>[];
    expect(rows).toEqual([
      expect.objectContaining({
        project: "Kubernetes",
        year: 2019,
        survey_listed_as: "graduated",
        n: 7,
        production: 4,
      }),
    ]);
    const figure = JSON.parse(
      (await runCli(["figure", "adoption-kubernetes", "--format", "json"], fixtureDatabase)).stdout,
    ) as { rows: { year: number; n: number; count: number }[] };
    const row2019 = figure.rows.find((r) => r.year === 2019)!;
    expect([row2019.n, row2019.count]).toEqual([rows[0]!.n, rows[0]!.production]);
  });
});
