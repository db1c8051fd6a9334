import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.ts";
import { fixtureDatabase, withDatabase } from "../support/databases.ts";

interface Scored {
  id: string;
  measure: string;
  status: string;
  computed: number | null;
  count: number | null;
  n: number | null;
  ci_low: number | null;
  ci_high: number | null;
  sql: string | null;
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

describe("kube-census verify --format json: the evidence behind each share", () => {
  it("carries count, n and the 95% Wilson interval for share claims, and nothing for others", async () => {
    const failure = (await runCli(["verify", "--format", "json"], fixtureDatabase).then(
      () => ({ stdout: "" }),
      (e: unknown) => e,
    )) as { stdout: string };
    const scored = JSON.parse(failure.stdout) as Scored[];
    // FIG 1.1, 2019: 3 of the fixture's 5 Kubernetes users. Wilson 95% for 3/5, worked by hand:
    // centre (0.6 + 1.92/5) / (1 + 3.84/5) = 0.5566, half-width 0.3258.
    const fig11 = scored.find((c) => c.id === "fig-1-1-2019")!;
    expect(fig11).toMatchObject({ count: 3, n: 5, sql: null });
    expect(fig11.ci_low).toBeCloseTo(0.2307, 3);
    expect(fig11.ci_high).toBeCloseTo(0.8824, 3);
    // A claim checked by its own query: count and n come from that query, and its SQL is carried.
    const storage = scored.find((c) => c.id === "storage-challenged-share")!;
    expect(storage.n).toBeGreaterThan(0);
    expect(storage.computed).toBeCloseTo(storage.count! / storage.n!, 12);
    expect(storage.ci_low!).toBeLessThanOrEqual(storage.computed!);
    expect(storage.ci_high!).toBeGreaterThanOrEqual(storage.computed!);
    expect(storage.sql).toMatch(/Storage/);
    // Every computed share has its base; counts, ranks and means have none.
    for (const c of scored.filter((c) => c.computed !== null)) {
      if (c.measure === "share") expect(c.count, c.id).not.toBeNull();
      else expect([c.count, c.n, c.ci_low, c.ci_high], c.id).toEqual([null, null, null, null]);
    }
    // No raw data: nothing to count.
    expect(scored.find((c) => c.id === "adoption-2017")).toMatchObject({ count: null, n: null });
  });
});

describe("kube-census verify's table", () => {
  it("shows a share two decimals finer than printed and rounded as printed, with count / n and its interval", async () => {
    const failure = (await runCli(["verify"], fixtureDatabase).then(
      () => ({ stdout: "" }),
      (e: unknown) => e,
    )) as { stdout: string };
    const line = failure.stdout.split("\n").find((l) => l.startsWith("fig-1-1-2019 "));
    // Printed 39% (whole points), so the computed 3 / 5 shows to a hundredth and rounded to a
    // whole point; Wilson 23.1%–88.2% by hand.
    expect(line).toMatch(/\b39%\s+60\.00%\s+60%\s+3 \/ 5\s+23\.1%–88\.2%\s+not reproduced\b/);
  });
});
