import { describe, expect, it } from "vitest";
import { K8S_USERS } from "../../src/survey/universes.ts";
import { CrosstabJson } from "../support/crosstab-json.ts";
import { noRealData, realDatabase, withRealDatabase } from "../support/databases.ts";
import { runCli } from "../support/cli.ts";

const crosstab = async (...args: string[]): Promise<CrosstabJson> =>
  CrosstabJson.parse(
    JSON.parse((await runCli(["crosstab", ...args, "--format", "json"], realDatabase)).stdout),
  );

describe.skipIf(noRealData)("nets and filters on the real exports", () => {
  it("2019 Kubernetes users with >5 clusters: the standard net is fig-1-2's average (39%)", async () => {
    const r = await crosstab(
      "k8s_clusters",
      "--by",
      "year",
      "--year",
      "2019",
      "--universe",
      "k8s-users",
      "--net",
      ">5 clusters",
    );
    const net = r.rows.find((c) => c.option === ">5 clusters")!;
    // fig-1-2 (and its average claim) counts in this CTE, grouping clusters as 1-5 / more than 5
    const [direct] = await withRealDatabase((query) =>
      query(`
        WITH ${K8S_USERS}
        SELECT count(*)::INTEGER AS n,
          count(*) FILTER (WHERE cluster_group = 'more than 5 clusters')::INTEGER AS count
        FROM k8s_users WHERE year = 2019`),
    );
    expect([net.n, net.count]).toEqual([direct!.n, direct!.count]);
    expect(net.n).toBe(1197); // the book's n
    const [claim] = await withRealDatabase((query) =>
      query(`SELECT value FROM published_claims WHERE id = 'fig-1-2-average-2019'`),
    );
    expect(Math.round(net.share! * 100) / 100).toBe(Number(claim!.value)); // 0.39
  });

  it("a multi-select net, a matrix box and an OR filter, each against plain SQL", async () => {
    const r = await crosstab(
      "challenges",
      "--by",
      "year",
      "--year",
      "2019",
      "--net",
      "Security or Storage=Security,Storage",
      "--where",
      "region=Europe|North America",
    );
    const net = r.rows.find((c) => c.option === "Security or Storage")!;
    const [sql] = await withRealDatabase((query) =>
      query(`
        WITH kept AS (SELECT DISTINCT respondent FROM answers
          WHERE year = 2019 AND question = 'region' AND option IN ('Europe', 'North America'))
        SELECT count(DISTINCT respondent)::INTEGER AS n,
          count(DISTINCT respondent) FILTER (WHERE option IN ('Security', 'Storage'))::INTEGER AS count,
          count(*) FILTER (WHERE option IN ('Security', 'Storage'))::INTEGER AS choices
        FROM answers WHERE year = 2019 AND question = 'challenges' AND respondent IN (SELECT respondent FROM kept)`),
    );
    expect([net.n, net.count]).toEqual([sql!.n, sql!.count]);
    // the overlap is real: some chose both, so the net is less than the sum of its members
    expect(Number(sql!.choices)).toBeGreaterThan(Number(sql!.count));

    const box = await crosstab("storage", "--by", "year", "--year", "2019", "--nets");
    const ceph = box.rows.find((c) => c.option === "Ceph" && c.level === "using or evaluating")!;
    const [storage] = await withRealDatabase((query) =>
      query(`
        SELECT (SELECT count(DISTINCT respondent) FROM answers WHERE year = 2019 AND question = 'storage')::INTEGER AS n,
          count(DISTINCT respondent)::INTEGER AS count
        FROM answers WHERE year = 2019 AND question = 'storage' AND option = 'Ceph'
          AND value IN ('Using in production', 'Evaluating')`),
    );
    expect([ceph.n, ceph.count]).toEqual([storage!.n, storage!.count]);
  });

  it("!panel keeps 2022's community part: the same counts as --sample community", async () => {
    const [a, b] = await Promise.all([
      crosstab("k8s_clusters", "--by", "year", "--where", "!panel", "--nets"),
      crosstab("k8s_clusters", "--by", "year", "--sample", "community", "--nets"),
    ]);
    const counts = (r: CrosstabJson) => r.rows.map((c) => [c.year, c.option, c.n, c.count]);
    expect(counts(a)).toEqual(counts(b));
    expect(a.rows.some((c) => c.year === 2022)).toBe(true);
    // why: neither mixes the panel in, so neither lists the panel break
    expect(a.breaks.some((x) => x.kind === "panel")).toBe(false);
  });
});
