import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.ts";
import { fixtureDatabase, withDatabase } from "../support/databases.ts";

interface Scored {
  id: string;
  status: string;
  computed: number | null;
}

// The fixture's hand-worked numbers are not the book's, so every guard of verify must fire here.
describe("kube-census verify on the fixture database", () => {
  it("scores every printed claim and fails naming the recorded claims that no longer reproduce", async () => {
    const run = runCli(["verify", "--format", "json"], fixtureDatabase);
    const failure = (await run.then(
      () => ({ code: 0, stdout: "", stderr: "" }),
      (e: unknown) => e,
    )) as { code: number; stdout: string; stderr: string };
    expect(failure.code).toBe(1);
    const scored = JSON.parse(failure.stdout) as Scored[];
    const claims = await withDatabase(fixtureDatabase, (q) => q("SELECT id FROM published_claims"));
    expect(claims.length).toBeGreaterThan(70);
    expect(scored.map((c) => c.id).sort()).toEqual(claims.map((c) => String(c.id)).sort());
    // FIG 1.1, 2019: 3 of the fixture's 5 Kubernetes users run more than 5 clusters; the book prints 39%.
    expect(scored.find((c) => c.id === "fig-1-1-2019")).toMatchObject({
      computed: 0.6,
      status: "not reproduced",
    });
    expect(failure.stderr).toMatch(/recorded as reproduced but no longer: .*\bfig-1-1-2019\b/);
    // Nothing can compute the 2017 survey, whatever the database.
    expect(scored.find((c) => c.id === "adoption-2017")?.status).toBe("no raw data");
  });
});
