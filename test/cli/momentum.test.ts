import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.ts";
import { fixtureDatabase, noRealData, realDatabase } from "../support/databases.ts";

type Row = Record<string, unknown>;
const json = async (args: string[]) =>
  JSON.parse((await runCli([...args, "--format", "json"], realDatabase)).stdout) as Row[];
const failure = (args: string[], database = realDatabase) =>
  runCli(args, database).then(
    () => ({ code: 0, stderr: "" }),
    (e: { code: number; stderr: string }) => e,
  );

describe.skipIf(noRealData)("kube-census momentum on the real database", () => {
  it("gives an item's GitHub facts at the snapshot in force at a date", async () => {
    // 2020-01-15 falls in the 2019-12-31 snapshot; Prometheus's values read by hand in the YAML.
    const rows = await json([
      "momentum",
      "--at",
      "2020-01-15",
      "--search",
      "prometheus/prometheus",
    ]);
    expect(rows).toEqual([
      expect.objectContaining({
        snapshot: "2019-12-31",
        name: "Prometheus",
        stars: 28447,
        contributors: 427,
        commits_52w: 995,
        first_commit: "2012-11-24",
        latest_commit: "2019-12-27",
        language: "Go",
      }),
    ]);
  });

  it("filters like landscape and sorts largest first", async () => {
    const rows = await json(["momentum", "--maturity", "graduated", "--sort", "contributors"]);
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.every((r) => r.maturity === "graduated" && r.snapshot === "2020-07-31")).toBe(true);
    expect(rows[0]!.name).toBe("Kubernetes");
    const counts = rows.map((r) => Number(r.contributors));
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    const mesh = await json(["momentum", "--subcategory", "service mesh", "--at", "2019-06-30"]);
    expect(mesh.map((r) => r.subcategory)).toEqual(mesh.map(() => "Service Mesh"));
    expect(mesh.map((r) => r.name)).toContain("Istio");
  });

  it("computes growth, absolute and per year, between two snapshots", async () => {
    const [prometheus] = await json([
      "momentum",
      "--from",
      "2018-06-30",
      "--to",
      "2020-07-31",
      "--search",
      "prometheus/prometheus",
    ]);
    // 17,251 → 32,157 stars over 762 days (2.086 years of 365.25 days): 14,906, 7,144.9 a year.
    expect(prometheus).toMatchObject({
      stars_from: 17251,
      stars_to: 32157,
      stars_growth: 14906,
      stars_per_year: 7144.9,
      contributors_growth: 547 - 246,
      breaks: null,
    });
  });

  it("reads growth across a move, never across a replaced repository", async () => {
    const [etcd] = await json([
      "momentum",
      "--from",
      "2018-06-30",
      "--to",
      "2018-12-31",
      "--search",
      "etcd",
    ]).then((rows) => rows.filter((r) => r.name === "etcd"));
    // coreos/etcd → etcd-io/etcd: 18,983 → 22,109 stars in 184 days.
    expect(etcd).toMatchObject({ stars_growth: 3126, stars_per_year: 6205.3 });
    expect(etcd!.breaks).toMatch(/^moved 2018-12-31: https:\/\/github.com\/coreos\/etcd →/);
    const [linkerd] = await json([
      "momentum",
      "--from",
      "2018-12-31",
      "--to",
      "2019-06-30",
      "--search",
      "linkerd/linkerd",
    ]);
    // linkerd/linkerd (4,820) → linkerd/linkerd2 (4,142): not a fall of 678 stars.
    expect(linkerd).toMatchObject({
      stars_from: 4820,
      stars_to: 4142,
      stars_growth: null,
      stars_per_year: null,
      contributors_growth: null,
    });
    expect(linkerd!.breaks).toMatch(/^replaced 2019-06-30/);
  });

  it("refuses what it cannot answer, saying why", async () => {
    const both = await failure([
      "momentum",
      "--at",
      "2019-01-01",
      "--from",
      "2018-06-30",
      "--to",
      "2019-06-30",
    ]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("give one or the other");
    const half = await failure(["momentum", "--from", "2018-06-30"]);
    expect(half.code).toBe(2);
    const same = await failure(["momentum", "--from", "2019-01-01", "--to", "2019-02-01"]);
    expect(same.stderr).toContain("must be an earlier snapshot than");
    const early = await failure(["momentum", "--at", "2017-12-31"]);
    expect(early.stderr).toContain(
      "Snapshots: 2018-06-30, 2018-12-31, 2019-06-30, 2019-12-31, 2020-07-31",
    );
    const typo = await failure(["momentum", "--category", "orchestraton"]);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain('Did you mean "Orchestration & Management"?');
  });
});

describe("kube-census momentum without processed snapshots", () => {
  it("says the table is empty and how to fill it", async () => {
    const { code, stderr } = await failure(["momentum"], fixtureDatabase);
    expect(code).toBe(1);
    expect(stderr).toContain("momentum is empty");
  });
});
