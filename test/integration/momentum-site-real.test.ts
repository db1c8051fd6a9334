import { describe, expect, it } from "vitest";
import { categoryPoints, itemPoints, landscapeHref } from "../../docs/components/momentumSeries.js";
import { openDatabase } from "../../src/db/open.ts";
import { momentumSiteData } from "../../src/site/momentum-data.ts";
import { noRealData, realDatabase } from "../support/databases.ts";
import { RESTRICTED } from "../support/restricted.ts";

const data = async () => {
  const db = await openDatabase(realDatabase);
  try {
    return await momentumSiteData(db.conn);
  } finally {
    db.close();
  }
};

// The Momentum page's data file on the real processed snapshots, and the series the page draws.
describe.skipIf(noRealData)("momentum.json on the real snapshots", () => {
  it("holds each item's counts at every snapshot, checked by hand against the YAML", async () => {
    const file = await data();
    expect(file.snapshots).toEqual([
      "2018-06-30",
      "2018-12-31",
      "2019-06-30",
      "2019-12-31",
      "2020-07-31",
    ]);
    // processed_landscape-*.yml, item "Linkerd": github_data.stars and contributors_count per file
    // (linkerd/linkerd in 2018, linkerd/linkerd2 from 2019-06-30).
    const linkerd = file.items.find((i) => i.name === "Linkerd")!;
    expect(linkerd.stars).toEqual([4305, 4820, 4142, 5056, 5818]);
    expect(linkerd.contributors).toEqual([76, 88, 56, 86, 120]);
    // Prometheus (README: 32,157 stars and 547 contributors at 2020-07-31).
    const prometheus = file.items.find((i) => i.name === "Prometheus")!;
    expect(prometheus.stars.at(-1)).toBe(32157);
    expect(prometheus.contributors.at(-1)).toBe(547);
    // The 2018 files carry no weekly series: no commit count there.
    expect(prometheus.commits_52w.slice(0, 3)).toEqual([null, null, null]);
  });

  it("a replaced repository cuts the line; a move does not", async () => {
    const file = await data();
    const linkerd = file.items.find((i) => i.name === "Linkerd")!;
    expect(file.breaks.filter((b) => b.key === linkerd.key).map((b) => b.kind)).toEqual([
      "replaced",
    ]);
    expect(itemPoints(file, [linkerd.key], "stars").map((p) => p.part)).toEqual([0, 0, 1, 1, 1]);
    // etcd moved (coreos/etcd → etcd-io/etcd): one line.
    const etcd = file.items.find((i) => i.name === "etcd")!;
    expect(file.breaks.filter((b) => b.key === etcd.key).map((b) => b.kind)).toContain("moved");
    expect(new Set(itemPoints(file, [etcd.key], "stars").map((p) => p.part))).toEqual(new Set([0]));
  });

  it("the category sums add up to the items' counts at every snapshot", async () => {
    const file = await data();
    file.snapshots.forEach((s, i) => {
      const items = file.items.filter((it) => it.stars[i] !== null || it.contributors[i] !== null);
      const atS = file.categories.filter((c) => c.snapshot === s);
      expect(atS.reduce((a, c) => a + c.items, 0)).toBe(items.length);
      expect(atS.reduce((a, c) => a + c.stars, 0)).toBe(
        items.reduce((a, it) => a + (it.stars[i] ?? 0), 0),
      );
    });
    // The README's item counts per file; every category with stars is a point of its line.
    expect(categoryPoints(file, "stars").length).toBe(
      file.categories.filter((c) => c.stars > 0).length,
    );
    expect(
      file.snapshots.map((s) =>
        file.categories.filter((c) => c.snapshot === s).reduce((a, c) => a + c.items, 0),
      ),
    ).toEqual([263, 289, 332, 359, 383]);
  });

  it("names the landscape item of each matched survey product, and links to it", async () => {
    const file = await data();
    const opa = file.adoption.find((r) => r.project === "Open Policy Agent" && r.year === 2019)!;
    expect(opa.landscape_name).toBe("Open Policy Agent (OPA)");
    // A product without GitHub facts has no landscape name either.
    expect(file.adoption.filter((r) => r.stars === null && r.landscape_name !== null)).toEqual([]);
    const snapshots = ["2018-12-31", "2019-12-31", "2020-07-31", "2026-08-07"];
    expect(landscapeHref("Open Policy Agent (OPA)", "2019-06-30", snapshots)).toBe(
      "./landscape?landscape.q=Open+Policy+Agent+%28OPA%29&landscape.at=2018-12-31",
    );
    // Before the explorer's first snapshot: its oldest; at its newest: no `at` (the default).
    expect(landscapeHref("etcd", "2018-06-30", snapshots)).toBe(
      "./landscape?landscape.q=etcd&landscape.at=2018-12-31",
    );
    expect(landscapeHref("etcd", "2026-08-07", snapshots)).toBe("./landscape?landscape.q=etcd");
  });

  it("holds no Crunchbase or Yahoo Finance value", async () => {
    const text = JSON.stringify(await data());
    expect(RESTRICTED.filter((v) => text.includes(v))).toEqual([]);
    expect(text).toContain("github.com/prometheus/prometheus");
  });
});
