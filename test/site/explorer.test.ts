import { execFile } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../src/paths.ts";
import { noRealData, realDatabase } from "../support/databases.ts";
import { useSite, type RunningSite } from "../support/site.ts";

const run = promisify(execFile);
const artifacts = join(projectRoot, "test-artifacts", "site");

/** A cross-tab as `kube-census crosstab` arguments (the year absent: every year). */
interface Query {
  question: string;
  by: string;
  year?: string;
  universe?: string;
  where?: string[];
}

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
];

const cliArgs = (q: Query) => [
  q.question,
  "--by",
  q.by,
  ...(q.year ? ["--year", q.year] : []),
  ...(q.universe ? ["--universe", q.universe] : []),
  ...(q.where ?? []).flatMap((w) => ["--where", w]),
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
      expect(shown).toEqual(expected.json);
      // The rendered table shows those numbers: one cell per row of the result.
      const cells = visit.page.locator("#explorer table.crosstab td[data-letter]");
      expect(await cells.count()).toBe(expected.json.rows.length);
      const first = expected.json.rows[0];
      expect(await cells.first().textContent()).toContain(`${(first.share * 100).toFixed(1)}%`);
      expect(visit.problems).toEqual([]);
    } finally {
      await visit.close();
    }
  });

  it("refuses a multi-select banner with the CLI's reason", async () => {
    const query = { question: "k8s_clusters", by: "job_function", year: "2019" };
    const expected = await cli(query);
    expect(expected.error).toMatch(/multi-select question/);
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
      // A filter added through the controls reaches the URL and the subtitle.
      await card.locator("select[aria-label='Filter question']").selectOption("org_size");
      await card.locator("select[aria-label='Filter option']").selectOption(">5000");
      await card.locator("button", { hasText: "Add filter" }).click();
      expect(visit.page.url()).toContain("explorer.where=org_size%3D%3E5000");
      expect(await card.locator(".subtitle").textContent()).toContain("where org_size = >5000");
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
      // Chart: bars with whiskers and letters.
      expect(
        await card.locator(".chart svg [aria-description='significance letters'] text").count(),
      ).toBeGreaterThan(0);
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
