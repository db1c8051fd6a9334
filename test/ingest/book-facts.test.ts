import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CensusError } from "../../src/errors.ts";
import {
  loadBookFacts,
  readPublishedClaims,
  readTnsPlatforms,
  readTnsStack,
} from "../../src/ingest/book/book-facts.ts";

const fixture = (name: string) =>
  fileURLToPath(new URL(`../fixtures/book/${name}`, import.meta.url));

async function rejection(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CensusError);
  return (error as CensusError).message;
}

describe("book-facts schemas", () => {
  it("names the file, entry and field of a CNCF status the book never prints", async () => {
    const message = await rejection(readTnsStack(fixture("layers-bad-status.yml")));
    expect(message).toContain("layers-bad-status.yml");
    expect(message).toContain('rows[1] (entry 2), field "cncf_status"');
    expect(message).not.toContain("rows[0]");
  });

  it("rejects a vendor without a commercial product", async () => {
    const message = await rejection(readTnsStack(fixture("layers-vendor-without-product.yml")));
    expect(message).toMatch(/layers-vendor-without-product\.yml/);
    expect(message).toContain('rows[0] (entry 1), field "vendor"');
  });

  it("rejects a table row transcribed twice", async () => {
    const message = await rejection(readTnsStack(fixture("layers-duplicate-row.yml")));
    expect(message).toContain("layers-duplicate-row.yml");
    expect(message).toContain('rows[1] (entry 2): "Release Management row 1" repeats rows[0]');
  });

  it("requires a where for every platform entry", async () => {
    const message = await rejection(readTnsPlatforms(fixture("platforms-missing-where.yml")));
    expect(message).toContain("platforms-missing-where.yml");
    expect(message).toContain('entries[1] (entry 2), field "where"');
  });

  it("rejects a share written as a percentage", async () => {
    const message = await rejection(
      readPublishedClaims(fixture("claims-percent-not-fraction.yml")),
    );
    expect(message).toContain("claims-percent-not-fraction.yml");
    expect(message).toContain('claims[1] (entry 2), field "value"');
    expect(message).toContain("0.78");
  });

  it("rejects a value that does not match the printed number", async () => {
    const message = await rejection(readPublishedClaims(fixture("claims-printed-mismatch.yml")));
    expect(message).toContain('claims[0] (entry 1), field "value"');
    expect(message).toContain('"15.9%"');
  });

  it("rejects duplicate claim ids and unknown figure ids", async () => {
    expect(await rejection(readPublishedClaims(fixture("claims-duplicate-id.yml")))).toContain(
      'claims[1] (entry 2): "ingress-nginx" repeats claims[0]',
    );
    expect(await rejection(readPublishedClaims(fixture("claims-unknown-figure.yml")))).toContain(
      'claims[0] (entry 1), field "figure"',
    );
  });

  it("names the file when it is not YAML", async () => {
    expect(await rejection(readTnsStack(fixture("not-yaml.yml")))).toMatch(
      /not-yaml\.yml: not valid YAML/,
    );
  });
});

describe("the real book facts in DuckDB", () => {
  let instance: DuckDBInstance;
  let conn: DuckDBConnection;
  let counts: { stack: number; platforms: number; claims: number };

  const rows = async (sql: string, params?: Record<string, string>) =>
    (await conn.runAndReadAll(sql, params)).getRowObjectsJS();

  beforeAll(async () => {
    instance = await DuckDBInstance.create(":memory:");
    conn = await instance.connect();
    counts = await loadBookFacts(conn);
  });
  afterAll(() => {
    conn?.closeSync();
    instance?.closeSync();
  });

  // Counted in the book text (chapter 2, "The Big Picture of Container Management Platforms"):
  // the 11 tab-separated tables headed "Commercial Products | Vendor | Open Source Projects |
  // CNCF Status", one count per printed row below the header. A row whose cell is "--" counts as a
  // row but gives no entry of that kind, hence separate commercial and open source counts.
  const expected: Record<string, { rows: number; commercial: number; openSource: number }> = {
    "Container-Optimized Operating System": { rows: 2, commercial: 2, openSource: 2 },
    "Container Runtime": { rows: 5, commercial: 1, openSource: 5 },
    "Container-Native Storage": { rows: 6, commercial: 6, openSource: 4 },
    "Container-Native Networking": { rows: 6, commercial: 2, openSource: 6 },
    "Security & Hardening": { rows: 5, commercial: 5, openSource: 4 },
    "Service Mesh": { rows: 8, commercial: 8, openSource: 8 },
    "Container Orchestration Engine": { rows: 10, commercial: 10, openSource: 3 },
    "Container Registry": { rows: 5, commercial: 5, openSource: 3 },
    "Build Management": { rows: 8, commercial: 8, openSource: 2 },
    "Release Management": { rows: 2, commercial: 2, openSource: 2 },
    Observability: { rows: 7, commercial: 7, openSource: 6 },
  };

  it("loads every table row of the book, per layer", async () => {
    const got = await rows(`
      SELECT layer, count(DISTINCT table_row)::INTEGER AS rows,
             count(*) FILTER (WHERE kind = 'commercial')::INTEGER AS commercial,
             count(*) FILTER (WHERE kind = 'open source')::INTEGER AS "openSource"
      FROM tns_stack GROUP BY layer`);
    const byLayer = Object.fromEntries(got.map(({ layer, ...c }) => [layer, c]));
    expect(byLayer).toEqual(expected);
    expect(counts.stack).toBe(56 + 45);
  });

  it("keeps the CNCF status exactly as printed", async () => {
    const status = async (name: string) =>
      (
        await rows(
          `SELECT cncf_status_2020 AS s FROM tns_stack WHERE kind = 'open source' AND name = $name`,
          { name },
        )
      )[0]?.s;
    expect(await status("CRI-O")).toBe("Incubation");
    expect(await status("Rook")).toBe("Incubating");
    expect(await status("Harbor")).toBe("Graduated");
    expect(await status("Istio")).toBe("Not Submitted");
    expect(await status("OpenTelemetry")).toBe("Sandbox");
  });

  it("loads the platform lists", async () => {
    const got = await rows(`SELECT list, count(*)::INTEGER AS n FROM tns_platforms GROUP BY list`);
    const byList = Object.fromEntries(got.map((r) => [r.list, r.n]));
    expect(byList["ch2-enterprise-platforms"]).toBe(9);
    expect(byList["ch2-managed-services"]).toBe(8);
    expect(counts.platforms).toBe(48);
  });

  it("holds every claim FIGURES.md lists", async () => {
    const claims = await rows(
      `SELECT id, figure, year, segment, category, measure, value, n FROM published_claims`,
    );
    const byId = new Map(claims.map((c) => [c.id as string, c]));
    expect(counts.claims).toBe(claims.length);
    const expectClaim = (id: string, fields: Record<string, unknown>) =>
      expect(byId.get(id), id).toMatchObject(fields);

    expectClaim("fig-1-1-2017", { figure: "fig-1-1", year: 2017, value: 0.34, n: 454 });
    expectClaim("fig-1-1-2019", {
      year: 2019,
      segment: "all",
      category: "more than 5 clusters",
      value: 0.39,
      n: 1197,
    });
    expectClaim("fig-1-1-n-2018", { measure: "n", value: 1475 });
    expectClaim("containers-1000-plus-2017", {
      segment: "more than 5 clusters",
      category: "1000+ containers",
      value: 0.55,
    });
    expectClaim("containers-1000-plus-2019", { value: 0.62 });
    expectClaim("fig-1-2-gt5000-2019", { segment: ">5000", value: 0.61 });
    expectClaim("fig-1-2-1000-plus-2017", { segment: "1000+", value: 0.51 });
    expectClaim("fig-1-2-1000-plus-2019", { segment: "1000+", value: 0.56 });
    expectClaim("fig-1-2-average-2019", { segment: "all", value: 0.39 });
    for (const [segment, year, n] of [
      ["1-5 clusters", 2017, 300],
      ["1-5 clusters", 2018, 925],
      ["1-5 clusters", 2019, 729],
      ["more than 5 clusters", 2017, 154],
      ["more than 5 clusters", 2018, 550],
      ["more than 5 clusters", 2019, 468],
    ] as const) {
      const hit = claims.find(
        (c) =>
          c.figure === "fig-2-6" && c.measure === "n" && c.segment === segment && c.year === year,
      );
      expect(hit?.value, `fig-2-6 n ${segment} ${year}`).toBe(n);
    }
    const top3 = claims.filter(
      (c) => c.figure === "fig-2-6" && c.measure === "rank" && c.segment === "1-5 clusters",
    );
    expect(top3.map((c) => c.category).sort()).toEqual([
      "Complexity",
      "Cultural changes w/development team",
      "Security",
    ]);
    expectClaim("adoption-2017", { figure: "adoption-kubernetes", value: 0.64 });
    expectClaim("adoption-2019", { value: 0.78 });

    expectClaim("fig-2-2-n-2019", { measure: "n", value: 1149 });
    expectClaim("storage-challenged-share", { value: 0.266 });
    expectClaim("storage-challenged-pure-storage-users", {
      segment: "Pure Storage users",
      category: "Storage",
      value: 0.46,
    });
    expectClaim("storage-challenged-average", { value: 0.27 });
    expectClaim("storage-csi-used", { category: "Container Storage Interface (CSI)", value: 0.13 });
    expectClaim("storage-csi-evaluated-all", { figure: "fig-2-3", value: 0.13 });
    expectClaim("storage-csi-evaluated-challenged", { segment: "storage challenged", value: 0.22 });
    for (const [option, challenged, all] of [
      ["rook", 0.259, 0.159],
      ["ceph", 0.234, 0.144],
      ["gluster", 0.146, 0.091],
      ["openebs", 0.146, 0.092],
      ["minio", 0.128, 0.094],
    ] as const) {
      expectClaim(`fig-2-3-${option}-challenged`, {
        segment: "storage challenged",
        value: challenged,
      });
      expectClaim(`fig-2-3-${option}-all`, { segment: "all", value: all });
    }
    expectClaim("storage-gluster-users-use-ceph", {
      segment: "Gluster users",
      category: "Ceph",
      value: 0.37,
    });
    expectClaim("storage-options-count", { measure: "count", value: 38 });
    expectClaim("storage-all-evaluated-5pct", { value: 0.05 });

    expectClaim("ingress-nginx", { figure: "fig-2-4", category: "NGINX", value: 0.66 });
    expectClaim("ingress-mean-all", { measure: "mean", value: 1.5 });
    expectClaim("networking-challenged-share", { category: "Networking", value: 0.28 });
    expectClaim("ingress-mean-networking-challenged", { measure: "mean", value: 3 });

    expectClaim("fig-2-5-n-production", { value: 1082 });
    expectClaim("mesh-challenged-share", { category: "Service Mesh", value: 0.27 });
    expectClaim("mesh-most-used-consul", { measure: "rank", value: 1 });
    expectClaim("mesh-most-used-istio", { measure: "rank", value: 1 });
    expectClaim("mesh-challenged-zuul-users", { segment: "Netflix OSS Zuul users", value: 0.23 });

    expectClaim("fig-2-7-eks-2019", {
      category: "Amazon Elastic Container Service for Kubernetes (EKS)",
      value: 0.3,
      n: 1197,
    });
    expectClaim("fig-2-7-gke-2019", { category: "Google Kubernetes Engine (GKE)", value: 0.29 });
  });
});
