import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../src/paths.ts";
import { noRealData, realDatabase } from "../support/databases.ts";
import { useSite, type RunningSite } from "../support/site.ts";

const run = promisify(execFile);

/**
 * Issue 20's acceptance in the browser: the explorer's nets and weights show the CLI's numbers.
 * A net row and a net banner equal `kube-census crosstab … --nets / --net` field for field; the
 * weighted view (2022 by sample part, each part raked to 2019's organization size × region mix)
 * shows `kube-census weights … --sample parts`'s weighted shares, intervals, n_eff, design
 * effects and panel − community intervals. test/integration/explorer-nets-weights-real.test.ts
 * checks many more requests in Node.
 */
async function kubeCensus(args: string[]): Promise<any> {
  const { stdout } = await run(
    process.execPath,
    [join(projectRoot, "bin/kube-census.js"), ...args, "--format", "json"],
    {
      cwd: projectRoot,
      env: { ...process.env, KUBE_CENSUS_DB: realDatabase },
      maxBuffer: 1 << 26,
    },
  );
  return JSON.parse(stdout);
}

const page = (params: [string, string][]) =>
  `/explorer?${new URLSearchParams(params.map(([k, v]) => [`explorer.${k}`, v]))}`;

const NET_ROW = {
  cli: [
    "crosstab",
    "k8s_clusters",
    "--by",
    "org_size",
    "--year",
    "2019",
    "--universe",
    "k8s-users",
    "--nets",
  ],
  url: page([
    ["q", "k8s_clusters"],
    ["by", "org_size"],
    ["year", "2019"],
    ["universe", "k8s-users"],
    ["nets", "1"],
  ]),
};
const NET_BANNER = {
  cli: [
    "crosstab",
    "challenges",
    "--by",
    "org_size",
    "--year",
    "2019",
    "--universe",
    "k8s-users",
    "--net",
    "org_size:1000+ employees",
    "--net",
    "Security or Storage=Security|Storage",
    "--where",
    "k8s_clusters=>5 clusters",
  ],
  url: page([
    ["q", "challenges"],
    ["by", "org_size"],
    ["year", "2019"],
    ["universe", "k8s-users"],
    ["net", "org_size:1000+ employees"],
    ["net", "Security or Storage=Security|Storage"],
    ["where", "k8s_clusters=>5 clusters"],
  ]),
};

let site: RunningSite;

async function open(path: string) {
  const visit = await site.visit(path);
  await visit.page.locator("#explorer .explorer-output:not([hidden])").waitFor({ timeout: 30_000 });
  return visit;
}
const shown = async (visit: { page: import("playwright-core").Page }) =>
  JSON.parse((await visit.page.locator("#explorer").getAttribute("data-result"))!);

describe.skipIf(noRealData)("nets and weights in the explorer, in a real browser", () => {
  site = useSite();

  it.each([
    ["a net row (the standard nets of the question and banner)", NET_ROW],
    ["net banner columns, a user net and a net filter", NET_BANNER],
  ])("%s: the page's result is the CLI's", async (_, view) => {
    const expected = await kubeCensus(view.cli);
    const visit = await open(view.url);
    try {
      const result = await shown(visit);
      expect(result).toEqual(expected);
      expect(expected.nets.length).toBeGreaterThan(0);
      const card = visit.page.locator("#explorer");
      const table = card.locator("table.crosstab");
      // every net row is drawn, with its share as the CLI computed it
      for (const net of expected.nets.filter((n: any) => n.question === expected.question.id)) {
        const cells = expected.rows.filter((c: any) => c.option === net.name);
        const row = table.locator("tbody tr", {
          has: visit.page.locator(`th:text-is("${net.name}")`),
        });
        expect(await row.count()).toBe(1);
        expect(await row.locator("td[data-letter]").first().textContent()).toContain(
          `${(cells[0].share * 100).toFixed(1)}%`,
        );
      }
      // a net column is in the banner, lettered as the CLI letters it
      for (const net of expected.nets.filter((n: any) => n.question === expected.by.id)) {
        const column = expected.columns.find((c: any) => c.label === net.name);
        expect(await table.locator("thead th", { hasText: net.name }).textContent()).toContain(
          column.letter,
        );
      }
      // the command line shown names the nets; the download's name too
      const command = (await card.locator(".explorer-notes code").textContent())!;
      expect(command).toContain(
        view === NET_ROW ? "--nets" : "--net 'Security or Storage=Security|Storage'",
      );
      const csv = card.locator(".explorer-notes a[download$='.csv']").first();
      expect(await csv.getAttribute("download")).toMatch(/_net-/);
      expect(visit.problems).toEqual([]);
    } finally {
      await visit.close();
    }
  });

  it("defines a net from the controls: URL, command line and numbers are the CLI's", async () => {
    const visit = await open(
      page([
        ["q", "k8s_clusters"],
        ["by", "org_size"],
        ["year", "2019"],
        ["universe", "k8s-users"],
      ]),
    );
    try {
      const card = visit.page.locator("#explorer");
      await card.locator("input[aria-label='Net name']").fill("up to 5");
      await card.locator("select[aria-label='Net members']").selectOption(["1", "2-5"]);
      await card.locator("button", { hasText: "Add net" }).click();
      const url = new URL(visit.page.url());
      expect(url.searchParams.getAll("explorer.net")).toEqual(["up to 5=1|2-5"]);
      expect(await card.locator(".explorer-notes code").textContent()).toContain(
        "--net 'up to 5=1|2-5'",
      );
      const expected = await kubeCensus([...NET_ROW.cli.slice(0, -1), "--net", "up to 5=1|2-5"]);
      expect(await shown(visit)).toEqual(expected);
      expect(expected.rows.some((c: any) => c.option === "up to 5")).toBe(true);
      // standard nets through the checkbox: the same as --nets
      await card.locator("input[name=nets]").check();
      expect(new URL(visit.page.url()).searchParams.get("explorer.nets")).toBe("1");
      expect(await shown(visit)).toEqual(
        await kubeCensus([...NET_ROW.cli, "--net", "up to 5=1|2-5"]),
      );
      // the removal button takes it out again
      await card.locator("button[aria-label='Remove net up to 5 (any of 1, 2-5)']").click();
      expect(new URL(visit.page.url()).searchParams.getAll("explorer.net")).toEqual([]);
      // a net on the banner: one more column, as --net "org_size:…"
      await card.locator("select[aria-label='Net on']").selectOption("banner");
      await card.locator("input[aria-label='Net name']").fill("big");
      await card.locator("select[aria-label='Net members']").selectOption(["1000-4999", ">5000"]);
      await card.locator("button", { hasText: "Add net" }).click();
      expect(new URL(visit.page.url()).searchParams.getAll("explorer.net")).toEqual([
        "org_size:big=1000-4999|>5000",
      ]);
      const banner = await kubeCensus([...NET_ROW.cli, "--net", "org_size:big=1000-4999|>5000"]);
      expect(await shown(visit)).toEqual(banner);
      expect(banner.columns.at(-1).label).toBe("big");
      expect(visit.problems).toEqual([]);
    } finally {
      await visit.close();
    }
  });

  it("shows a net's name from the address as text, never as HTML", async () => {
    // why: no "=" in it, which would end the name
    const name = "<script>alert(1)</script><b>bold</b><img src onerror>";
    const visit = await open(
      page([
        ["q", "k8s_clusters"],
        ["by", "org_size"],
        ["year", "2019"],
        ["net", `${name}=1|2-5`],
      ]),
    );
    try {
      const card = visit.page.locator("#explorer");
      expect(
        await card.locator("table.crosstab tbody th", { hasText: "<script>" }).textContent(),
      ).toBe(name);
      expect(await card.locator(".explorer-nets li span").textContent()).toBe(
        `${name} (any of 1, 2-5)`,
      );
      expect(await card.locator("script").count()).toBe(0);
      expect(await card.locator('b:text-is("bold")').count()).toBe(0);
      expect(await card.locator("img").count()).toBe(0);
      expect(visit.problems).toEqual([]);
    } finally {
      await visit.close();
    }
  });

  it("weights 2022 to 2019's mix with `kube-census weights`'s numbers", async () => {
    const expected = await kubeCensus([
      "weights",
      "k8s_use",
      "--year",
      "2022",
      "--weight",
      "2019",
      "--weight-by",
      "org_size,region",
      "--sample",
      "parts",
    ]);
    const visit = await open(
      page([
        ["q", "k8s_use"],
        ["by", "sample"],
        ["year", "2022"],
        ["universe", "respondents"],
        ["weight", "2022-to-2019"],
      ]),
    );
    try {
      const result = await shown(visit);
      const round = (x: number) => Math.round(x * 10000) / 10000;
      expect(result.siteWeighting.parts.map((p: any) => p.part)).toEqual(["community", "panel"]);
      for (const row of expected.rows) {
        const cell = result.rows.find(
          (c: any) => c.column === row.sample && c.option === row.option,
        );
        expect(cell.share, `${row.sample} ${row.option}`).toBe(round(row.weighted_share));
        expect(cell.ci_low).toBe(round(row.low));
        expect(cell.ci_high).toBe(round(row.high));
        const column = result.siteWeighting.columns.find((c: any) => c.column === row.sample);
        expect(column.n).toBe(row.n);
        expect(column.n_eff).toBeCloseTo(row.n_eff, 9);
        expect(column.design_effect).toBeCloseTo(row.design_effect, 9);
      }
      for (const d of expected.differences) {
        const diff = result.differences.find((x: any) => x.option === d.option);
        expect([diff.a, diff.b]).toEqual(["A", "B"]);
        expect(diff.difference).toBe(round(d.weighted));
        expect(diff.ci_low).toBe(round(d.low));
        expect(diff.ci_high).toBe(round(d.high));
      }
      const card = visit.page.locator("#explorer");
      // The table says the bases: counted, Σw, n_eff and design effect per column.
      const row = (cls: string) => card.locator(`tr.${cls} td`).allTextContents();
      const parts = ["community", "panel"].map((p) =>
        result.siteWeighting.columns.find((c: any) => c.column === p),
      );
      expect(await row("base-row")).toEqual(parts.map((c: any) => String(c.n)));
      expect(await row("neff-row")).toEqual(
        expected.weighting.map((w: any) =>
          expected.rows.find((r: any) => r.sample === w.sample).n_eff.toFixed(1),
        ),
      );
      expect(await row("deff-row")).toEqual(
        ["community", "panel"].map((p) =>
          expected.rows.find((r: any) => r.sample === p).design_effect.toFixed(2),
        ),
      );
      // The first row's weighted share is drawn; the notes say how the intervals were computed.
      const first = expected.rows[0];
      expect(await card.locator("td[data-letter]").first().textContent()).toContain(
        `${(first.weighted_share * 100).toFixed(1)}%`,
      );
      expect(await card.locator(".explorer-weighted-note").textContent()).toContain("n_eff");
      expect(await card.locator(".explorer-weighting").textContent()).toContain("converged");
      expect(await card.locator(".explorer-notes code").textContent()).toContain(
        "--weight 2019 --weight-by org_size,region",
      );
      // The choice is a control: back to none gives the unweighted cross-tab.
      await card.locator("select[aria-label=Weighting]").selectOption("");
      expect(new URL(visit.page.url()).searchParams.get("explorer.weight")).toBeNull();
      expect(await shown(visit)).toEqual(
        await kubeCensus(["crosstab", "k8s_use", "--by", "sample", "--year", "2022"]),
      );
      expect(visit.problems).toEqual([]);
    } finally {
      await visit.close();
    }
  });
});
