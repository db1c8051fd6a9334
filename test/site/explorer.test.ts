import { execFile } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../src/paths.ts";
import type { ExplorerRequest } from "../../src/site/explorer-crosstab.ts";
import { noRealData, realDatabase } from "../support/databases.ts";
import { useSite, type RunningSite } from "../support/site.ts";

const run = promisify(execFile);
const artifacts = join(projectRoot, "test-artifacts", "site");

/**
 * A cross-tab as `kube-census crosstab` arguments (the year absent: every year); nets and
 * weightings are explorer-nets-weights.test.ts's.
 */
type Query = Omit<ExplorerRequest, "net" | "nets" | "weight">;

const QUERIES: [string, Query][] = [
  [
    "challenges by organization size, 2019, Kubernetes users",
    { question: "challenges", by: "org_size", year: "2019", universe: "k8s-users" },
  ],
  ["production clusters by year", { question: "k8s_clusters", by: "year" }],
  [
    "challenges by year under two filters, one on a matrix level",
    {
      question: "challenges",
      by: "year",
      universe: "k8s-users",
      where: ["org_size=>5000", "cncf_projects=Kubernetes=Using in production"],
    },
  ],
  [
    "a matrix question: CNCF projects by organization size, 1H 2020",
    { question: "cncf_projects", by: "org_size", year: "2020" },
  ],
  [
    "challenges by year in the community part, Kubernetes users: breaks of the row and the universe",
    { question: "challenges", by: "year", universe: "k8s-users", sample: "community" },
  ],
  [
    "production clusters by year on the valid base",
    { question: "k8s_clusters", by: "year", valid: true },
  ],
  [
    "local Kubernetes by year, Kubernetes users, valid base, comparable rows only",
    { question: "local_k8s", by: "year", universe: "k8s-users", valid: true, comparable: true },
  ],
  [
    "challenges by organization size, 2019, Holm-corrected",
    { question: "challenges", by: "org_size", year: "2019", adjust: "holm" },
  ],
  ["production clusters by sample part (2022)", { question: "k8s_clusters", by: "sample" }],
  [
    "production clusters by job function, 2019 (multi-select: overlapping columns)",
    { question: "k8s_clusters", by: "job_function", year: "2019" },
  ],
];

const cliArgs = (q: Query) => [
  q.question,
  "--by",
  q.by,
  ...(q.year ? ["--year", q.year] : []),
  ...(q.universe ? ["--universe", q.universe] : []),
  ...(q.where ?? []).flatMap((w) => ["--where", w]),
  ...(q.sample ? ["--sample", q.sample] : []),
  ...(q.valid ? ["--valid"] : []),
  ...(q.comparable ? ["--comparable"] : []),
  ...(q.adjust ? ["--adjust", q.adjust] : []),
  "--format",
  "json",
];

const pageUrl = (q: Query) => {
  const params = new URLSearchParams({
    "explorer.q": q.question,
    "explorer.by": q.by,
    "explorer.year": q.year ?? "all",
    "explorer.universe": q.universe ?? "respondents",
  });
  for (const w of q.where ?? []) params.append("explorer.where", w);
  if (q.sample) params.set("explorer.sample", q.sample);
  if (q.valid) params.set("explorer.valid", "1");
  if (q.comparable) params.set("explorer.comparable", "1");
  if (q.adjust) params.set("explorer.adjust", q.adjust);
  return `/explorer?${params}`;
};

/** The CLI's answer: its JSON, or its error message. */
async function cli(q: Query): Promise<{ json?: any; error?: string }> {
  try {
    const { stdout } = await run(
      process.execPath,
      [join(projectRoot, "bin/kube-census.js"), "crosstab", ...cliArgs(q)],
      {
        cwd: projectRoot,
        env: { ...process.env, KUBE_CENSUS_DB: realDatabase },
        maxBuffer: 1 << 26,
      },
    );
    return { json: JSON.parse(stdout) };
  } catch (e) {
    return {
      error: String((e as { stderr: string }).stderr)
        .replace(/^kube-census: /, "")
        .trim(),
    };
  }
}

let site: RunningSite;

/** Opens a page, recording console errors, page errors and any request to another host. */
async function open(path: string, width = 1200) {
  const visit = await site.visit(path, { width });
  // The card exists once the answers file and arquero have loaded and the first table is computed.
  await visit.page.locator("#explorer").waitFor({ timeout: 30_000 });
  return visit;
}

describe.skipIf(noRealData)("the survey explorer in a real browser", () => {
  site = useSite();
  beforeAll(async () => {
    await mkdir(artifacts, { recursive: true });
  });

  it.each(QUERIES)("%s: the page's table is the CLI's", async (_, query) => {
    const expected = await cli(query);
    expect(expected.error).toBeUndefined();
    const visit = await open(pageUrl(query));
    try {
      const shown = JSON.parse(
        (await visit.page.locator("#explorer").getAttribute("data-result"))!,
      );
      expect(shown.columns).toEqual(expected.json.columns);
      expect(shown.years).toEqual(expected.json.years);
      // n, count, share, interval, small base and higher_than of every cell, in the CLI's order.
      expect(shown.rows).toEqual(expected.json.rows);
      expect(shown.breaks).toEqual(expected.json.breaks);
      expect(shown.tests).toEqual(expected.json.tests);
      expect(shown).toEqual(expected.json);
      // Each request exercises what it names (so a CLI change cannot empty the comparison).
      expect(expected.json.rows.length).toBeGreaterThan(0);
      if (query.sample) expect(expected.json.sample).toBe(query.sample);
      if (query.valid) expect(expected.json.base.id).toBe("valid");
      if (query.comparable) expect(expected.json.comparable).toBe(true);
      if (query.adjust) expect(expected.json.tests.adjustment).toBe(query.adjust);
      if (query.by === "sample")
        expect(expected.json.columns.map((c: any) => c.label)).toEqual(["community", "panel"]);
      const card = visit.page.locator("#explorer");
      // The rendered table shows those numbers: one cell per row of the result.
      const cells = card.locator("table.crosstab td[data-letter]");
      expect(await cells.count()).toBe(expected.json.rows.length);
      const first = expected.json.rows[0];
      expect(await cells.first().textContent()).toContain(`${(first.share * 100).toFixed(1)}%`);
      // The ladder of bases heads each year's rows; cells across a break carry ‡ and its numbers.
      const years = query.by === "year" ? 1 : expected.json.years.length;
      expect(await card.locator("tr.asked-row").count()).toBe(years);
      expect(await card.locator("tr.no-answer-row").count()).toBe(years);
      expect(await card.locator("tr.base-row th").first().textContent()).toBe(
        query.valid ? "base (valid)" : "base (answered)",
      );
      const marked = expected.json.rows.filter(
        (c: any) => c.not_comparable.length && c.breaks.length,
      );
      expect(await card.locator("td[data-letter] .breaks").allTextContents()).toEqual(
        marked.map((c: any) => `‡${c.breaks.join(",")}`),
      );
      const listed = card.locator(".explorer-breaks li");
      expect(await listed.count()).toBe(expected.json.breaks.length);
      for (const [i, b] of expected.json.breaks.entries()) {
        expect(await listed.nth(i).getAttribute("value")).toBe(String(b.number));
        expect(await listed.nth(i).textContent()).toContain(b.text);
      }
      // The differences (and trends, by year) under the table: the CLI's --diffs records.
      const differences = card.locator(".explorer-inference table.explorer-differences tbody tr");
      expect(await differences.count()).toBe(expected.json.differences.length);
      if (expected.json.differences.length) {
        const d = expected.json.differences[0];
        const points = (x: number) =>
          `${x > 0 ? "+" : x < 0 ? "−" : "±"}${Math.abs(x * 100).toFixed(1)}`;
        expect(await differences.first().textContent()).toContain(
          `${points(d.ci_low)} to ${points(d.ci_high)}`,
        );
      }
      if (query.by === "year")
        expect(
          await card.locator(".explorer-inference table.explorer-trends tbody tr").count(),
        ).toBe(expected.json.trends.length);
      if (query.by === "job_function")
        expect(expected.json.differences.some((x: any) => x.overlap > 0)).toBe(true);
      const t = expected.json.tests;
      expect((await card.locator(".explorer-tests").textContent())!.replace(/\s+/g, " ")).toContain(
        `Tests: ${t.run} run (${t.significant} significant, ${t.adjustment}); not tested: ` +
          `${t.not_comparable} pairs across a break, ${t.low_expected} with expected counts under 5, ` +
          `${t.small_base} small-base cells.`,
      );
      expect(await card.locator(".explorer-disclosure").textContent()).toBe(
        expected.json.disclosure,
      );
      // The command line shown is the one the CLI ran (but its --format).
      const command = await card.locator(".explorer-notes code").textContent();
      for (const flag of ["--sample", "--valid", "--comparable", "--adjust"])
        expect(command!.includes(flag), flag).toBe(cliArgs(query).includes(flag));
      expect(visit.problems).toEqual([]);
    } finally {
      await visit.close();
    }
  });

  it("refuses a matrix banner with the CLI's reason", async () => {
    const query = { question: "k8s_clusters", by: "cncf_projects", year: "2019" };
    const expected = await cli(query);
    expect(expected.error).toMatch(/matrix question/);
    const visit = await open(pageUrl(query));
    try {
      await expect
        .poll(() => visit.page.locator("#explorer .explorer-error").textContent())
        .toBe(expected.error);
      expect(await visit.page.locator("#explorer .explorer-output").isHidden()).toBe(true);
      expect(visit.problems).toEqual([]);
    } finally {
      await visit.close();
    }
  });

  it("controls recompute the table and keep the state in the URL; the CSV is the CLI's", async () => {
    const visit = await open("/explorer");
    try {
      const card = visit.page.locator("#explorer");
      const before = await card.getAttribute("data-result");
      await card.locator("select[aria-label=Universe]").selectOption("respondents");
      expect(await card.getAttribute("data-result")).not.toBe(before);
      expect(visit.page.url()).toContain("explorer.universe=respondents");
      // why: the explorer opens on the latest year, whose (recut) org_size has no ">5000"
      await card.locator("select[aria-label=Year]").selectOption("2019");
      // A filter added through the controls reaches the URL and the subtitle.
      await card.locator("select[aria-label='Filter question']").selectOption("org_size");
      await card.locator("select[aria-label='Filter option']").selectOption(">5000");
      await card.locator("button", { hasText: "Add filter" }).click();
      expect(visit.page.url()).toContain("explorer.where=org_size%3D%3E5000");
      expect(await card.locator(".subtitle").textContent()).toContain(
        "where Organization size: >5000",
      );
      const shown = JSON.parse((await card.getAttribute("data-result"))!);
      const url = new URL(visit.page.url());
      const expected = await cli({
        question: url.searchParams.get("explorer.q")!,
        by: url.searchParams.get("explorer.by")!,
        year: url.searchParams.get("explorer.year")!,
        universe: "respondents",
        where: url.searchParams.getAll("explorer.where"),
      });
      expect(shown.rows).toEqual(expected.json.rows);
      const csv = await visit.page.evaluate(async () => {
        const a = document.querySelector<HTMLAnchorElement>("#explorer a[download]")!;
        return (await fetch(a.href)).text();
      });
      const { stdout } = await run(
        process.execPath,
        [
          join(projectRoot, "bin/kube-census.js"),
          "crosstab",
          "challenges",
          "--by",
          "org_size",
          "--year",
          "2019",
          "--where",
          "org_size=>5000",
          "--format",
          "csv",
        ],
        { cwd: projectRoot, env: { ...process.env, KUBE_CENSUS_DB: realDatabase } },
      );
      expect(csv).toBe(stdout);
      // The new controls reach the URL and the command line, and recompute what the CLI computes.
      await card.locator("select[aria-label=Banner]").selectOption("year");
      await card.locator("select[aria-label=Sample]").selectOption("community");
      await card.locator("input[name=valid]").check();
      await card.locator("select[aria-label=Adjustment]").selectOption("holm");
      const url2 = new URL(visit.page.url());
      expect(url2.searchParams.get("explorer.sample")).toBe("community");
      expect(url2.searchParams.get("explorer.valid")).toBe("1");
      expect(url2.searchParams.get("explorer.adjust")).toBe("holm");
      expect(await card.locator(".explorer-notes code").textContent()).toContain(
        "--sample community --valid --adjust holm",
      );
      const year = url2.searchParams.get("explorer.year")!;
      const toggled = await cli({
        question: url2.searchParams.get("explorer.q")!,
        by: "year",
        year: year === "all" ? undefined : year,
        universe: "respondents",
        where: url2.searchParams.getAll("explorer.where"),
        sample: "community",
        valid: true,
        adjust: "holm",
      });
      expect(JSON.parse((await card.getAttribute("data-result"))!)).toEqual(toggled.json);
      // Choosing the sample banner puts the sample back to whole (the CLI refuses both at once).
      await card.locator("select[aria-label=Banner]").selectOption("sample");
      expect(await card.locator("select[aria-label=Sample]").inputValue()).toBe("all");
      expect(new URL(visit.page.url()).searchParams.get("explorer.sample")).toBe("all");
      // Chart: bars with whiskers and letters.
      expect(
        await card.locator(".chart svg [aria-description='significance letters'] text").count(),
      ).toBeGreaterThan(0);
      expect(visit.problems).toEqual([]);
    } finally {
      await visit.close();
    }
  });

  it("adds NOT and answered filters with the controls: the CLI's --where forms and numbers", async () => {
    const visit = await open("/explorer");
    try {
      const card = visit.page.locator("#explorer");
      await card.locator("select[aria-label=Year]").selectOption("2019");
      // did not choose: `!org_size=>5000`
      await card.locator("select[aria-label='Filter question']").selectOption("org_size");
      await card.locator("select[aria-label='Filter kind']").selectOption("not");
      await card.locator("select[aria-label='Filter option']").selectOption(">5000");
      await card.locator("button", { hasText: "Add filter" }).click();
      // answered (the option select hides: the filter names the question only)
      await card.locator("select[aria-label='Filter question']").selectOption("k8s_clusters");
      await card.locator("select[aria-label='Filter kind']").selectOption("answered");
      expect(await card.locator("select[aria-label='Filter option']").isHidden()).toBe(true);
      await card.locator("button", { hasText: "Add filter" }).click();
      const url = new URL(visit.page.url());
      expect(url.searchParams.getAll("explorer.where")).toEqual([
        "!org_size=>5000",
        "answered:k8s_clusters",
      ]);
      const subtitle = await card.locator(".subtitle").textContent();
      expect(subtitle).toContain("where not Organization size: >5000 and answered ");
      const expected = await cli({
        question: url.searchParams.get("explorer.q")!,
        by: url.searchParams.get("explorer.by")!,
        year: "2019",
        universe: await card.locator("select[aria-label=Universe]").inputValue(),
        where: ["!org_size=>5000", "answered:k8s_clusters"],
      });
      const shown = JSON.parse((await card.getAttribute("data-result"))!);
      expect(shown.rows).toEqual(expected.json.rows);
      expect(shown.filters).toEqual(expected.json.filters);
      expect(visit.problems).toEqual([]);
    } finally {
      await visit.close();
    }
  });

  it("does not scroll sideways at phone width", async () => {
    for (const [path, name] of [
      ["/explorer", "explorer-phone"],
      [pageUrl(QUERIES[3]![1]), "explorer-matrix-phone"],
    ] as const) {
      const visit = await open(path, 390);
      try {
        await visit.page.waitForLoadState("networkidle");
        const overflow = await visit.page.evaluate(
          () => document.documentElement.scrollWidth - window.innerWidth,
        );
        expect(overflow, path).toBeLessThanOrEqual(1);
        await visit.page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
        expect(visit.problems).toEqual([]);
      } finally {
        await visit.close();
      }
    }
    const wide = await open("/explorer");
    try {
      await wide.page.screenshot({ path: join(artifacts, "explorer.png"), fullPage: true });
    } finally {
      await wide.close();
    }
  });

  it("other pages do not load arquero", async () => {
    const loaded: string[] = [];
    const visit = await site.visit("/challenges", {
      waitUntil: "networkidle",
      before: (page) => page.on("request", (r) => loaded.push(r.url())),
    });
    try {
      expect(
        loaded.filter((u) => u.includes("generated/explorer") || u.includes("explorer/")),
      ).toEqual([]);
    } finally {
      await visit.close();
    }
  });
});
