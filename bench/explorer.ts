// Benchmarks the survey explorer in headless chromium on localhost, against the built site in
// dist/ (run `npm run site:build` first): the time from navigation to the first table (a fresh
// browser context each run, so the answers file and arquero are downloaded every time), and the
// in-browser recompute when a control changes (counting with arquero, assembling, testing, and
// drawing the chart and table), each the median of 7.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Page } from "playwright-core";
import { projectRoot } from "../src/paths.ts";
import { serveStatic } from "../test/support/static-server.ts";

const RUNS = 7;
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const dist = join(projectRoot, "dist");
if (!existsSync(join(dist, "explorer.html")))
  throw new Error("dist/explorer.html not found: run `npm run site:build` first.");

/** Control changes measured: a select, the values it alternates between, and on which view. */
const CHANGES = [
  {
    what: "universe (challenges by organization size, 2019)",
    path: "/explorer",
    select: "Universe",
    values: ["respondents", "k8s-users"],
  },
  {
    what: "year (k8s_clusters by year → one year and back)",
    path: "/explorer?explorer.q=k8s_clusters&explorer.by=year&explorer.year=all&explorer.universe=respondents",
    select: "Year",
    values: ["2019", "all"],
  },
  {
    what: "year (matrix: CNCF projects by organization size, 1H 2020 ↔ all years)",
    path: "/explorer?explorer.q=cncf_projects&explorer.by=org_size&explorer.year=2020&explorer.universe=respondents",
    select: "Year",
    values: ["all", "2020"],
  },
];

const { url, server } = await serveStatic(dist);
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
const firstTable = (page: Page) =>
  page.locator("#explorer table.crosstab tbody tr").first().waitFor({ timeout: 60_000 });
try {
  const load: number[] = [];
  const firstCompute: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    const t = performance.now();
    await page.goto(`${url}/explorer`, { waitUntil: "commit" });
    await firstTable(page);
    load.push(performance.now() - t);
    firstCompute.push(Number(await page.locator("#explorer").getAttribute("data-compute-ms")));
    await context.close();
  }
  console.log(
    `navigation → first explorer table: median ${median(load).toFixed(0)} ms (${RUNS} fresh contexts; ` +
      `of which the first computation and drawing ${median(firstCompute).toFixed(0)} ms)`,
  );
  for (const change of CHANGES) {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${url}${change.path}`);
    await firstTable(page);
    const times: number[] = [];
    for (let i = 0; i < RUNS * 2; i++) {
      // why: the change handler computes and draws synchronously; the next frame includes layout
      const ms = await page.evaluate(
        ([label, value]) =>
          new Promise<number>((resolve) => {
            const select = document.querySelector<HTMLSelectElement>(
              `#explorer select[aria-label='${label}']`,
            )!;
            const t = performance.now();
            select.value = value!;
            select.dispatchEvent(new Event("change"));
            requestAnimationFrame(() => resolve(performance.now() - t));
          }),
        [change.select, change.values[i % 2]] as const,
      );
      if (i >= 1) times.push(ms); // the first change warms the question's decoded tables
    }
    console.log(
      `recompute on ${change.what}: median ${median(times.slice(0, RUNS)).toFixed(0)} ms (${RUNS} changes)`,
    );
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
