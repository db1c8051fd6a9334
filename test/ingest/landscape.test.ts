import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import { CensusError } from "../../src/errors.ts";
import { parseLandscape } from "../../src/ingest/landscape/landscape.ts";
import {
  createLandscapeTable,
  insertLandscapeItems,
} from "../../src/ingest/landscape/landscape-table.ts";

const fixtures = new URL("../fixtures/landscape/", import.meta.url);

function fixture(name: string) {
  const text = readFileSync(new URL(name, fixtures), "utf8");
  return parseLandscape(text, { source: "fixture", file: name, snapshot: "2024-12-31" });
}

describe("parseLandscape on fixtures", () => {
  it("reports an item without a name and keeps the others", () => {
    const { items, issues } = fixture("missing-name.yml");
    expect(items.map((i) => i.name)).toEqual(["Alpha Runtime", "Beta Runtime"]);
    expect(issues).toEqual([
      expect.objectContaining({
        source: "fixture",
        file: "missing-name.yml",
        row: "landscape[0].subcategories[0].items[1]",
        column: "name",
        reason: "item has no name; item skipped",
      }),
    ]);
  });

  it("reads quoted, padded-by-hand and unpadded dates as YYYY-MM-DD", () => {
    const { items, issues } = fixture("dates-as-strings.yml");
    expect(issues).toEqual([]);
    expect(items[0]).toMatchObject({
      accepted: "2017-02-01",
      incubating: "2018-03-04",
      graduated: "2020-05-06",
      archived: null,
    });
    expect(items[1]?.accepted).toBe("2022-06-07");
  });

  it("reads YAML 1.1 timestamps (Date objects) as YYYY-MM-DD", () => {
    const { items, issues } = fixture("dates-yaml-1.1.yml");
    expect(issues).toEqual([]);
    expect(items[0]).toMatchObject({ accepted: "2019-01-02", incubating: "2021-11-12" });
    expect(JSON.parse(items[0]!.extra)).toEqual({
      logo: "timestamps.svg",
      joined: "2021-09-10T00:00:00.000Z",
    });
  });

  it("keeps every unmapped field in extra", () => {
    const { items, issues } = fixture("unknown-fields.yml");
    expect(issues).toEqual([]);
    expect(items[0]).toMatchObject({
      category: "Observability and Analysis",
      subcategory: "Monitoring",
      maturity: "sandbox",
      repoUrl: "https://github.com/example/gamma",
      description: "Collects metrics from example systems.",
      accepted: "2023-04-05",
    });
    expect(JSON.parse(items[0]!.extra)).toEqual({
      logo: "gamma.svg",
      twitter: "https://twitter.com/gamma_example",
      allow_duplicate_repo: true,
      second_path: ["Observability and Analysis / Logging"],
      extra: {
        dev_stats_url: "https://gamma.devstats.example.org/",
        audits: [{ date: "2024-01-02", type: "security" }],
        specification: false,
      },
    });
  });

  it("reads items written without the `- item:` marker", () => {
    const { items, issues } = fixture("item-without-marker.yml");
    expect(issues).toEqual([]);
    expect(items.map((i) => [i.name, i.path])).toEqual([
      ["Marked Item", "landscape[0].subcategories[0].items[0]"],
      ["Unmarked Item", "landscape[0].subcategories[0].items[1]"],
    ]);
    expect(items[1]?.description).toBe("Written as `- name:` without the `item:` marker line.");
  });

  it("reads an archived project", () => {
    const { items } = fixture("archived-project.yml");
    expect(items[0]).toMatchObject({
      maturity: "archived",
      accepted: "2019-07-08",
      archived: "2023-10-11",
    });
  });

  it("takes the organization slug from the crunchbase URL", () => {
    const { items, issues } = fixture("crunchbase-organization.yml");
    expect(issues).toEqual([]);
    expect(items.map((i) => [i.organization, i.crunchbaseUrl])).toEqual([
      ["plain-example", "https://www.crunchbase.com/organization/plain-example"],
      [
        "tracked-example",
        "https://www.crunchbase.com/organization/tracked-example?utm_source=cncf",
      ],
      [null, null],
    ]);
    expect(JSON.parse(items[2]!.extra).organization).toEqual({ name: "nocb-example" });
  });

  it("reads empty values as null without issues", () => {
    const { items, issues } = fixture("empty-values.yml");
    expect(issues).toEqual([]);
    expect(items[0]).toMatchObject({
      maturity: null,
      repoUrl: null,
      description: null,
      crunchbaseUrl: null,
      organization: null,
    });
    expect(JSON.parse(items[0]!.extra)).toEqual({ logo: "empty.svg" });
  });

  it("trims spaces, including a no-break space, around values", () => {
    const { items } = fixture("whitespace-in-values.yml");
    expect(items[0]).toMatchObject({
      name: "Padded Name",
      homepageUrl: "https://padded.example.org/training",
      repoUrl: "https://github.com/example/padded",
    });
  });

  it("accepts subcategories with no items", () => {
    const { items, issues } = fixture("empty-subcategories.yml");
    expect(issues).toEqual([]);
    expect(items.map((i) => [i.subcategory, i.path])).toEqual([
      ["Certified Kubernetes - Distribution", "landscape[0].subcategories[2].items[0]"],
    ]);
  });

  it("reports each bad field, keeps the item when it has a name, skips it otherwise", () => {
    const { items, issues } = fixture("bad-field-values.yml");
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      name: "Odd Values",
      homepageUrl: null,
      maturity: null,
      crunchbaseUrl: null,
      accepted: null,
      incubating: null,
      graduated: "2024-01-15",
    });
    const at = (n: number) => `landscape[0].subcategories[0].items[${n}]`;
    expect(issues.map((i) => [i.row, i.column, i.value])).toEqual([
      [at(0), "homepage_url", '["https://one.example.org/","https://two.example.org/"]'],
      [at(0), "project", '"member"'],
      [at(0), "crunchbase", '"https://example.org/not-crunchbase"'],
      [at(0), "extra.accepted", '"2021-02-30"'],
      [at(0), "extra.incubating", '"soon"'],
      [at(1), "name", "42"],
      [at(2), "", '"just a string"'],
    ]);
    expect(issues[3]?.reason).toBe("not a calendar date (expected YYYY-MM-DD); field left empty");
    expect(issues[5]?.reason).toBe("name is not a string; item skipped");
  });

  it("throws a CensusError naming the file for YAML that does not parse", () => {
    expect(() => fixture("not-yaml.yml")).toThrow(CensusError);
    expect(() => fixture("not-yaml.yml")).toThrow(/^not-yaml\.yml: not valid YAML/);
  });

  it("throws a CensusError for a file without a landscape list", () => {
    expect(() => fixture("no-landscape.yml")).toThrow(
      /^no-landscape\.yml: no top-level "landscape"/,
    );
  });
});

describe("landscape_items table", () => {
  it("stores items and reads them back", async () => {
    const { items } = fixture("unknown-fields.yml");
    const archived = fixture("archived-project.yml").items;
    const instance = await DuckDBInstance.create(":memory:");
    const conn = await instance.connect();
    try {
      await createLandscapeTable(conn);
      await insertLandscapeItems(conn, [...items, ...archived]);
      const reader = await conn.runAndReadAll(
        `SELECT snapshot::VARCHAR AS snapshot, name, maturity, organization, accepted::VARCHAR AS accepted,
                archived::VARCHAR AS archived, incubating, path, extra->>'$.logo' AS logo,
                extra->'$.extra.audits'->0->>'type' AS audit
         FROM landscape_items ORDER BY name`,
      );
      expect(reader.getRowObjectsJS()).toEqual([
        {
          snapshot: "2024-12-31",
          name: "Gamma Metrics",
          maturity: "sandbox",
          organization: "cloud-native-computing-foundation",
          accepted: "2023-04-05",
          archived: null,
          incubating: null,
          path: "landscape[0].subcategories[0].items[0]",
          logo: "gamma.svg",
          audit: "security",
        },
        {
          snapshot: "2024-12-31",
          name: "Retired Mesh",
          maturity: "archived",
          organization: "cloud-native-computing-foundation",
          accepted: "2019-07-08",
          archived: "2023-10-11",
          incubating: null,
          path: "landscape[0].subcategories[0].items[0]",
          logo: "retired.svg",
          audit: null,
        },
      ]);
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  });
});

/** The snapshot file in the first KUBE_CENSUS_MIRROR folder that has it, or null. */
function mirrorFile(snapshot: string): string | null {
  const folders = (process.env.KUBE_CENSUS_MIRROR ?? "").split(":").filter(Boolean);
  for (const folder of folders) {
    const path = join(folder, "cncf-landscape", `landscape-${snapshot}.yml`);
    if (existsSync(path)) return path;
  }
  return null;
}

const parsed = new Map<string, ReturnType<typeof parseLandscape>>();

/** The parsed real snapshot; parsed once because several tests read it. */
function realSnapshot(snapshot: string) {
  let result = parsed.get(snapshot);
  if (!result) {
    const file = `cncf-landscape/landscape-${snapshot}.yml`;
    result = parseLandscape(readFileSync(mirrorFile(snapshot)!, "utf8"), {
      source: "test",
      file,
      snapshot,
    });
    parsed.set(snapshot, result);
  }
  return result;
}

/** Suffix for a describe title saying why its real-data tests are skipped, or "". */
function skipReason(...snapshots: string[]): string {
  const missing = snapshots.filter((s) => !mirrorFile(s));
  if (missing.length === 0) return "";
  const files = missing.map((s) => `cncf-landscape/landscape-${s}.yml`).join(", ");
  return process.env.KUBE_CENSUS_MIRROR
    ? ` (skipped: ${files} not found under KUBE_CENSUS_MIRROR=${process.env.KUBE_CENSUS_MIRROR})`
    : ` (skipped: KUBE_CENSUS_MIRROR is unset; set it to the raw-data folder, e.g. /work/shared/data)`;
}

// Counted independently with PyYAML: sum of len(items) over landscape[*].subcategories[*]. 2025 and
// 2026 have two items written `- name:` without `- item:`, so `grep -c -- '- item:'` gives 2 fewer.
const itemCounts: Record<string, number> = {
  "2018-12-31": 604,
  "2019-12-31": 1286,
  "2020-07-31": 1427,
  "2020-12-31": 1551,
  "2021-12-31": 1841,
  "2022-12-31": 2148,
  "2023-12-31": 2302,
  "2024-12-31": 2361,
  "2025-12-31": 2405,
  "2026-08-07": 2413,
};

// `grep -cE '^\s+project: graduated\s*$' landscape-<date>.yml` (PyYAML agrees).
const graduatedCounts: Record<string, number> = {
  "2018-12-31": 3,
  "2020-07-31": 11,
  "2026-08-07": 38,
};

for (const [snapshot, count] of Object.entries(itemCounts)) {
  describe.skipIf(skipReason(snapshot) !== "")(
    `real landscape ${snapshot}${skipReason(snapshot)}`,
    () => {
      it(`has ${count} items and no issues`, () => {
        const { items, issues } = realSnapshot(snapshot);
        expect(items).toHaveLength(count);
        expect(issues).toEqual([]);
      });
      const graduated = graduatedCounts[snapshot];
      if (graduated !== undefined) {
        it(`has ${graduated} graduated projects`, () => {
          const { items } = realSnapshot(snapshot);
          expect(items.filter((i) => i.maturity === "graduated")).toHaveLength(graduated);
        });
      }
    },
  );
}

describe.skipIf(skipReason("2020-07-31", "2021-12-31") !== "")(
  `Kubernetes in the real landscape${skipReason("2020-07-31", "2021-12-31")}`,
  () => {
    it("is a graduated project under Scheduling & Orchestration in 2020-07-31", () => {
      const k8s = realSnapshot("2020-07-31").items.filter((i) => i.name === "Kubernetes");
      expect(k8s).toEqual([
        expect.objectContaining({
          category: "Orchestration & Management",
          subcategory: "Scheduling & Orchestration",
          maturity: "graduated",
          repoUrl: "https://github.com/kubernetes/kubernetes",
          organization: "cloud-native-computing-foundation",
          path: "landscape[2].subcategories[0].items[5]",
          // The `extra:` block with CNCF dates first appears in the 2021-12-31 snapshot.
          accepted: null,
        }),
      ]);
    });

    it("carries its CNCF acceptance date from 2021-12-31 on", () => {
      const k8s = realSnapshot("2021-12-31").items.find((i) => i.name === "Kubernetes");
      expect(k8s).toMatchObject({ maturity: "graduated", accepted: "2016-03-16" });
    });
  },
);

describe("parseLandscape on hostile YAML", () => {
  it("refuses an alias bomb with the file named, instead of a bare ReferenceError", () => {
    // Nine levels of ten aliases each: 10^9 nodes if expanded.
    const lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 9; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(", ")}]`,
      );
    lines.push("landscape: []");
    const parse = () =>
      parseLandscape(lines.join("\n"), { source: "f", file: "bomb.yml", snapshot: "2024-12-31" });
    expect(parse).toThrow(CensusError);
    expect(parse).toThrow(/bomb\.yml: not a usable YAML file \(Excessive alias count/);
  });
});
