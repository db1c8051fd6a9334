// Benchmarks the report site's figure pages in headless chromium on localhost, against a built
// site (dist/ by default; `npm run bench:site -- /path/to/other/dist` compares another build):
// per page, the median time from navigation to the first chart painted and to the interactive
// card drawn (a fresh browser context each pass, so nothing is cached), and what a host that
// gzips would send: the bytes of every response gzipped, and how many JavaScript modules.
// Timings are medians of RUNS passes on a noisy machine: compare ratios, not single numbers.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { projectRoot } from "../src/paths.ts";
import { serveStatic } from "../test/support/static-server.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const PAGES = [
  "/",
  "/deployment-size",
  "/challenges",
  "/storage",
  "/networking",
  "/service-mesh",
  "/managed-kubernetes",
  "/trends",
];
// A chart with marks, prerendered or live; the overview has no chart, its headlines stand in.
const FIRST = ".figure-card .chart svg [aria-label^='bar'] > *, li.headline";
// The interactive card (the prerendered one carries data-prerendered until it is replaced).
const LIVE = ".figure-card:not([data-prerendered]) .chart svg [aria-label^='bar'] > *, li.headline";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const dist = resolve(process.argv[2] ?? join(projectRoot, "dist"));
if (!existsSync(join(dist, "networking.html")))
  throw new Error(`${dist}/networking.html not found: run \`npm run site:build\` first.`);

/**
 * Runs in the page before any of its scripts: notes the first animation frame (the one about to
 * be painted) in which each selector matches, in ms since navigation started. A string, because
 * tsx would wrap a function in helpers the page does not have.
 */
const watchFrames = `{
  const times = (window.benchTimes = {});
  const check = () => {
    times.first ??= document.querySelector(${JSON.stringify(FIRST)}) ? performance.now() : undefined;
    times.live ??= document.querySelector(${JSON.stringify(LIVE)}) ? performance.now() : undefined;
    if (times.first === undefined || times.live === undefined) requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
}`;

const { url, server } = await serveStatic(dist);
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
try {
  console.log(`${dist}, ${RUNS} passes per page (medians, ms since navigation)`);
  console.log("| page | first chart | interactive | gzipped bytes | JS modules |");
  console.log("|---|---|---|---|---|");
  for (const path of PAGES) {
    const first: number[] = [];
    const live: number[] = [];
    let gzipped = 0;
    let modules = 0;
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
      await context.addInitScript(watchFrames);
      const page = await context.newPage();
      const bodies: Promise<void>[] = [];
      // Sizes are the same every pass: counted on the first only.
      if (i === 0)
        page.on("response", (r) =>
          bodies.push(
            r.body().then(
              (body) => {
                gzipped += gzipSync(body).length;
                if (r.url().endsWith(".js")) modules++;
              },
              () => undefined,
            ),
          ),
        );
      await page.goto(`${url}${path}`, { waitUntil: "commit" });
      const times = await page.waitForFunction(
        () => {
          const t = (window as unknown as { benchTimes?: { first?: number; live?: number } })
            .benchTimes;
          return t?.first !== undefined && t.live !== undefined ? t : undefined;
        },
        undefined,
        { timeout: 60_000, polling: 50 },
      );
      const { first: f, live: l } = (await times.jsonValue())!;
      first.push(f!);
      live.push(l!);
      if (i === 0) {
        await page.waitForLoadState("networkidle");
        await Promise.all(bodies);
      }
      await context.close();
    }
    console.log(
      `| \`${path}\` | ${median(first).toFixed(0)} | ${median(live).toFixed(0)} | ${(gzipped / 1024).toFixed(0)} KB | ${modules} |`,
    );
  }
} finally {
  await browser.close();
  server.close();
}
