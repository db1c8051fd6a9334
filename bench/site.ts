// Benchmarks the report site's pages in headless chromium on localhost, against built sites:
// dist/ by default, or the directories given (`npm run bench:site -- /tmp/dist-before dist`
// compares an older build with this one). Per page and profile, the median time from navigation
// to the first result painted (a figure page's first chart, the explorer's first cross-tab row or
// chart, the landscape's first chart or item row; prerendered or live) and to the interactive one
// drawn (a fresh browser context each pass, so nothing is cached); what the host sent (gzipped, as
// GitHub Pages or Netlify would) and how many JavaScript modules the page loaded.
//
// Two profiles: `desktop` (1200×900, no throttling) and `phone` (390×844 at 3×, touch, Chrome
// DevTools' "Slow 4G" network preset — 562.5 ms latency, 1.44 Mbit/s down, 675 kbit/s up, the
// preset called "Fast 3G" before Chrome 126 and Lighthouse's mobile throttling — and the CPU 4×
// slower through `Emulation.setCPUThrottlingRate`). A floor page (one inline SVG bar, nothing
// else) is visited on the same server and profile before every pass: what any page costs on this
// machine and profile at that moment. With several builds the passes alternate between them, so a
// busy machine slows them alike: compare ratios, to each other and to the floor.
//
// BENCH_RUNS (default 7) passes; BENCH_PROFILES=desktop,phone and BENCH_PAGES=/explorer,/landscape
// restrict what is visited.
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium, type Browser, type BrowserContextOptions } from "playwright-core";
import { projectRoot } from "../src/paths.ts";
import { FIGURE_PAGES } from "../test/support/site-pages.ts";
import { serveStatic } from "../test/support/static-server.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

interface Selectors {
  /** The first result painted, prerendered or live. */
  first: string;
  /** The interactive result (a prerendered stand-in carries data-prerendered until replaced). */
  live: string;
}
// A chart with marks, prerendered or live; the overview has no chart, its headlines stand in.
const FIGURE: Selectors = {
  first: ".figure-card .chart svg [aria-label^='bar'] > *, li.headline",
  live: ".figure-card:not([data-prerendered]) .chart svg [aria-label^='bar'] > *, li.headline:not([data-prerendered] *)",
};
const PAGES: Record<string, Selectors> = {
  ...Object.fromEntries(FIGURE_PAGES.map((path) => [path, FIGURE])),
  // The cross-tab's first table row or chart bar.
  "/explorer": {
    first: ".explorer-card table tbody tr, .explorer-card .chart svg rect",
    live: "#explorer table tbody tr:not([data-prerendered] *), #explorer .chart svg rect:not([data-prerendered] *)",
  },
  // The counts chart's lines or the first listed item.
  "/landscape": {
    first: ".landscape-card .counts svg path, .landscape-card .items tbody tr",
    live: "#landscape-explorer .items tbody tr:not([data-prerendered] *)",
  },
};
const FLOOR: Selectors = { first: "svg rect", live: "svg rect" };

interface Profile {
  context: BrowserContextOptions;
  network?: { latency: number; downloadThroughput: number; uploadThroughput: number };
  cpu?: number;
}
const PROFILES: Record<string, Profile> = {
  desktop: { context: { viewport: { width: 1200, height: 900 } } },
  phone: {
    context: {
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 3,
      isMobile: true,
      hasTouch: true,
    },
    // Chrome DevTools' "Slow 4G" (bytes/s): 1.6 Mbit/s × 0.9 down, 750 kbit/s × 0.9 up, 150 ms × 3.75.
    network: { latency: 562.5, downloadThroughput: 180_000, uploadThroughput: 84_375 },
    cpu: 4,
  },
};

const pick = <T>(env: string | undefined, all: T[], name: (t: T) => string) => {
  if (!env) return all;
  const wanted = env.split(",");
  const unknown = wanted.filter((w) => !all.some((t) => name(t) === w));
  if (unknown.length)
    throw new Error(`unknown ${unknown.join(", ")}: one of ${all.map(name).join(", ")}`);
  return all.filter((t) => wanted.includes(name(t)));
};
const pages = pick(process.env.BENCH_PAGES, Object.keys(PAGES), (p) => p);
const profiles = pick(process.env.BENCH_PROFILES, Object.keys(PROFILES), (p) => p);

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
const watchFrames = ({ first, live }: Selectors) => `{
  const times = (window.benchTimes = {});
  const check = () => {
    times.first ??= document.querySelector(${JSON.stringify(first)}) ? performance.now() : undefined;
    times.live ??= document.querySelector(${JSON.stringify(live)}) ? performance.now() : undefined;
    if (times.first === undefined || times.live === undefined) requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
}`;

interface Pass {
  first: number;
  live: number;
  gzipped: number;
  modules: number;
  requests: number;
}

/** One cold visit: a fresh context; sizes only when asked (they are the same every pass). */
async function visit(
  browser: Browser,
  url: string,
  selectors: Selectors,
  profile: Profile,
  sizes: boolean,
): Promise<Pass> {
  const context = await browser.newContext(profile.context);
  await context.addInitScript(watchFrames(selectors));
  const page = await context.newPage();
  if (profile.network || profile.cpu) {
    const cdp = await context.newCDPSession(page);
    if (profile.network) {
      await cdp.send("Network.enable");
      await cdp.send("Network.emulateNetworkConditions", { offline: false, ...profile.network });
    }
    if (profile.cpu) await cdp.send("Emulation.setCPUThrottlingRate", { rate: profile.cpu });
  }
  const bodies: Promise<void>[] = [];
  let gzipped = 0;
  let modules = 0;
  let requests = 0;
  if (sizes)
    page.on("response", (r) => {
      requests++;
      if (r.request().resourceType() === "script") modules++;
      bodies.push(
        r.body().then(
          (body) => void (gzipped += gzipSync(body).length),
          () => undefined,
        ),
      );
    });
  await page.goto(url, { waitUntil: "commit" });
  const handle = await page.waitForFunction(
    () => {
      const t = (window as unknown as { benchTimes?: { first?: number; live?: number } })
        .benchTimes;
      return t?.first !== undefined && t.live !== undefined ? t : undefined;
    },
    undefined,
    { timeout: 120_000, polling: 50 },
  );
  const { first, live } = (await handle.jsonValue())!;
  if (sizes) {
    await page.waitForLoadState("networkidle");
    await Promise.all(bodies);
  }
  await context.close();
  return { first: first!, live: live!, gzipped, modules, requests };
}

/**
 * The floor: the least a page with one bar can take on this machine, browser and profile
 * (navigation, an empty document, one frame), so the pages' times can be read against what the
 * machine gives at that moment, not only against a number from another day.
 */
const floorDir = await mkdtemp(join(tmpdir(), "kube-census-bench-floor-"));
await writeFile(
  join(floorDir, "index.html"),
  '<!DOCTYPE html><html><head><meta charset="utf-8"><title>floor</title></head><body>' +
    '<div class="figure-card"><div class="chart"><svg width="100" height="20">' +
    '<g aria-label="bar"><rect width="50" height="20"></rect></g></svg></div></div></body></html>',
);
const floor = await serveStatic(floorDir, { gzip: true });
const servers = await Promise.all(dists.map((d) => serveStatic(d, { gzip: true })));
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
const loads: number[] = [];
try {
  console.log(`${RUNS} passes per page, profile and build; medians, ms since navigation`);
  for (const name of profiles) {
    const profile = PROFILES[name]!;
    const results = dists.map(() => new Map<string, Pass[]>());
    const floorPasses: Pass[] = [];
    for (const path of pages)
      for (let i = 0; i < RUNS; i++) {
        loads.push(loadavg()[0]!);
        floorPasses.push(await visit(browser, `${floor.url}/`, FLOOR, profile, false));
        for (const [d, { url }] of servers.entries()) {
          const passes = results[d]!.get(path) ?? [];
          passes.push(await visit(browser, `${url}${path}`, PAGES[path]!, profile, i === 0));
          results[d]!.set(path, passes);
        }
      }
    const floorMs = median(floorPasses.map((p) => p.first));
    const summary = (passes: Pass[]) => ({
      first: median(passes.map((p) => p.first)),
      live: median(passes.map((p) => p.live)),
      kb: passes[0]!.gzipped / 1024,
      modules: passes[0]!.modules,
      requests: passes[0]!.requests,
    });
    console.log(
      `\n## ${name}\n\nfloor (one inline SVG bar and nothing else, visited before each pass): ${floorMs.toFixed(0)} ms`,
    );
    for (const [d, dist] of dists.entries()) {
      console.log(`\n${dist}\n`);
      console.log(
        "| page | first result | × floor | interactive | gzipped | requests | JS modules |",
      );
      console.log("|---|---|---|---|---|---|---|");
      for (const path of pages) {
        const s = summary(results[d]!.get(path)!);
        console.log(
          `| \`${path}\` | ${s.first.toFixed(0)} ms | ×${(s.first / floorMs).toFixed(1)} | ${s.live.toFixed(0)} ms | ${s.kb.toFixed(0)} KB | ${s.requests} | ${s.modules} |`,
        );
      }
    }
    if (dists.length > 1) {
      console.log(`\n${dists[0]} → ${dists.at(-1)}\n`);
      console.log("| page | first result | interactive | gzipped | JS modules |");
      console.log("|---|---|---|---|---|");
      const arrow = (a: number, b: number, unit: string) =>
        `${a.toFixed(0)} → ${b.toFixed(0)} ${unit} (×${(b / a).toFixed(2)})`;
      for (const path of pages) {
        const [a, b] = [summary(results[0]!.get(path)!), summary(results.at(-1)!.get(path)!)];
        console.log(
          `| \`${path}\` | ${arrow(a.first, b.first, "ms")} | ${arrow(a.live, b.live, "ms")} | ${arrow(a.kb, b.kb, "KB")} | ${a.modules} → ${b.modules} |`,
        );
      }
    }
  }
  console.log(
    `\nload average (1 min) during the passes: ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}, median ${median(loads).toFixed(1)}`,
  );
} finally {
  await browser.close();
  for (const { server } of [floor, ...servers]) server.close();
  await rm(floorDir, { recursive: true, force: true });
}
