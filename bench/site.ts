// Benchmarks the report site's figure pages in headless chromium on localhost, against built
// sites: dist/ by default, or the directories given (`npm run bench:site -- /tmp/dist-before dist`
// compares an older build with this one). Per page, the median time from navigation to the first
// chart painted and to the interactive card drawn (a fresh browser context each pass, so nothing
// is cached), and what a host that gzips would send: every response's bytes gzipped, and how many
// JavaScript modules. With several builds the passes alternate between them, so a busy machine
// slows them alike: compare ratios, not single numbers.
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium, type Browser } from "playwright-core";
import { projectRoot } from "../src/paths.ts";
import { FIGURE_PAGES } from "../test/support/site-pages.ts";
import { serveStatic } from "../test/support/static-server.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const PAGES = FIGURE_PAGES;
// A chart with marks, prerendered or live; the overview has no chart, its headlines stand in.
const FIRST = ".figure-card .chart svg [aria-label^='bar'] > *, li.headline";
// The interactive card (the prerendered one carries data-prerendered until it is replaced), and
// the overview's headlines once the page has drawn them (their prerendered slot carries it too).
const LIVE =
  ".figure-card:not([data-prerendered]) .chart svg [aria-label^='bar'] > *, li.headline:not([data-prerendered] *)";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const dists = (process.argv.length > 2 ? process.argv.slice(2) : [join(projectRoot, "dist")]).map(
  (d) => resolve(d),
);
for (const dist of dists)
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

interface Pass {
  first: number;
  live: number;
  gzipped: number;
  modules: number;
}

/** One cold visit: a fresh context; sizes only when asked (they are the same every pass). */
async function visit(browser: Browser, url: string, sizes: boolean): Promise<Pass> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  await context.addInitScript(watchFrames);
  const page = await context.newPage();
  const bodies: Promise<void>[] = [];
  let gzipped = 0;
  let modules = 0;
  if (sizes)
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
  await page.goto(url, { waitUntil: "commit" });
  const handle = await page.waitForFunction(
    () => {
      const t = (window as unknown as { benchTimes?: { first?: number; live?: number } })
        .benchTimes;
      return t?.first !== undefined && t.live !== undefined ? t : undefined;
    },
    undefined,
    { timeout: 60_000, polling: 50 },
  );
  const { first, live } = (await handle.jsonValue())!;
  if (sizes) {
    await page.waitForLoadState("networkidle");
    await Promise.all(bodies);
  }
  await context.close();
  return { first: first!, live: live!, gzipped, modules };
}

/**
 * The floor: the least a page with one bar can take on this machine and browser (navigation,
 * an empty document, one frame). Visited with the others, so the figure pages' times can be read
 * against what the machine gives at that moment, not only against a number from another day.
 */
const floorDir = await mkdtemp(join(tmpdir(), "kube-census-bench-floor-"));
await writeFile(
  join(floorDir, "index.html"),
  '<!DOCTYPE html><html><head><meta charset="utf-8"><title>floor</title></head><body>' +
    '<div class="figure-card"><div class="chart"><svg width="100" height="20">' +
    '<g aria-label="bar"><rect width="50" height="20"></rect></g></svg></div></div></body></html>',
);
const floor = await serveStatic(floorDir);
const servers = await Promise.all(dists.map((d) => serveStatic(d)));
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
try {
  console.log(`${RUNS} passes per page and build; medians, ms since navigation`);
  const results = dists.map(() => new Map<string, Pass[]>());
  const floorPasses: Pass[] = [];
  for (const path of PAGES)
    for (let i = 0; i < RUNS; i++) {
      floorPasses.push(await visit(browser, `${floor.url}/`, false));
      for (const [d, { url }] of servers.entries()) {
        const passes = results[d]!.get(path) ?? [];
        passes.push(await visit(browser, `${url}${path}`, i === 0));
        results[d]!.set(path, passes);
      }
    }
  const summary = (passes: Pass[]) => ({
    first: median(passes.map((p) => p.first)),
    live: median(passes.map((p) => p.live)),
    kb: passes[0]!.gzipped / 1024,
    modules: passes[0]!.modules,
  });
  console.log(
    `\nfloor (a page with one bar and nothing else, visited before each pass): first chart ${median(floorPasses.map((p) => p.first)).toFixed(0)} ms`,
  );
  for (const [d, dist] of dists.entries()) {
    console.log(`\n${dist}\n`);
    console.log("| page | first chart | interactive | gzipped | JS modules |");
    console.log("|---|---|---|---|---|");
    for (const path of PAGES) {
      const s = summary(results[d]!.get(path)!);
      console.log(
        `| \`${path}\` | ${s.first.toFixed(0)} ms | ${s.live.toFixed(0)} ms | ${s.kb.toFixed(0)} KB | ${s.modules} |`,
      );
    }
  }
  if (dists.length > 1) {
    console.log(`\n${dists[0]} → ${dists.at(-1)}\n`);
    console.log("| page | first chart | interactive | gzipped | JS modules |");
    console.log("|---|---|---|---|---|");
    const arrow = (a: number, b: number, unit: string) =>
      `${a.toFixed(0)} → ${b.toFixed(0)} ${unit} (×${(b / a).toFixed(2)})`;
    for (const path of PAGES) {
      const [a, b] = [summary(results[0]!.get(path)!), summary(results.at(-1)!.get(path)!)];
      console.log(
        `| \`${path}\` | ${arrow(a.first, b.first, "ms")} | ${arrow(a.live, b.live, "ms")} | ${arrow(a.kb, b.kb, "KB")} | ${a.modules} → ${b.modules} |`,
      );
    }
  }
} finally {
  await browser.close();
  for (const { server } of [floor, ...servers]) server.close();
  await rm(floorDir, { recursive: true, force: true });
}
