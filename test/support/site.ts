import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { chromium, type Browser, type BrowserContextOptions, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { join } from "node:path";
import { projectRoot } from "../../src/paths.ts";
import { serveStatic } from "./static-server.ts";
import { buildSite } from "../../src/site/build.ts";
import { realDatabase } from "./databases.ts";
import { SITE_BUILT } from "./site-marker.ts";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Builds the site into dist/ from the real test database, once per test run: every browser test
 * file reads the same dist/, so building it again would only cost time.
 */
export async function buildSiteOnce(): Promise<void> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} not found: install Debian's chromium (apt-get install chromium), as .ci/run does.`,
    );
  if (existsSync(SITE_BUILT)) return;
  // The same build as `npm run site:build`, prerendered cards included.
  await buildSite(realDatabase);
  await writeFile(SITE_BUILT, realDatabase);
}

/** Debian's chromium, quiet on a closed network (no background requests, no updates). */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
    ],
  });

/**
 * Records what must not happen on a page: console errors, page errors, failed requests and any
 * request to a host other than the local server.
 */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (!["blob:", "data:"].includes(url.protocol) && url.hostname !== "127.0.0.1")
      problems.push(`other host: ${r.url()}`);
  });
  return problems;
}

export { CARD_PAGES, FIGURE_PAGES, SITE_PAGES } from "./site-pages.ts";

export interface VisitOptions extends BrowserContextOptions {
  /** The window's width (900 px high); 1200 unless given. */
  width?: number;
  /** When the visit is there: `load` unless given. */
  waitUntil?: "load" | "domcontentloaded" | "networkidle" | "commit";
  /** Runs on the new page before it navigates (routes, listeners). */
  before?: (page: Page) => Promise<unknown> | unknown;
}

/** A page opened in a fresh browser context, with what went wrong on it so far. */
export interface Visit {
  page: Page;
  /** Console errors, page errors, failed requests, requests to another host (watchProblems). */
  problems: string[];
  close(): Promise<void>;
}

export interface RunningSite {
  browser: Browser;
  /** http://127.0.0.1:<port>, serving dist/. */
  base: string;
  /** Bytes the server has sent so far. */
  bytesServed: () => number;
  /** Opens a path of the site in a fresh context (light mode unless told), watching for problems. */
  visit(path: string, options?: VisitOptions): Promise<Visit>;
  stop(): Promise<void>;
}

/** For a browser test file's beforeAll: the site built once per run, served, and a chromium. */
export async function startSite(): Promise<RunningSite> {
  await buildSiteOnce();
  const { url, server, bytesServed } = await serveStatic(join(projectRoot, "dist"));
  const browser = await launchChromium();
  return {
    browser,
    base: url,
    bytesServed,
    async visit(path, { width = 1200, waitUntil = "load", before, ...context } = {}) {
      const opened = await browser.newContext({
        viewport: { width, height: 900 },
        colorScheme: "light",
        ...context,
      });
      const page = await opened.newPage();
      const problems = watchProblems(page);
      await before?.(page);
      await page.goto(`${url}${path}`, { waitUntil });
      return { page, problems, close: () => opened.close() };
    },
    async stop() {
      await browser.close();
      server.close();
    },
  };
}

/**
 * For a browser test file's describe block: registers the hooks that start the site (built once
 * per run, served, a chromium) before its tests and stop it after. The fields of the returned
 * object are there once the tests run.
 */
export function useSite(): RunningSite {
  const site = {} as RunningSite;
  beforeAll(async () => {
    Object.assign(site, await startSite());
  }, 300_000);
  afterAll(async () => {
    await site.stop?.();
  });
  return site;
}

/** What marks a page without figure cards as drawn (a figure page waits for its cards). */
const READY: Record<string, string> = {
  "/": "li.headline",
  "/landscape": "#landscape-explorer .counts svg",
  "/stack-today": "#stack-today h3",
  "/distributions": "#distributions svg [aria-label='bar'] rect",
  "/momentum": "#momentum-scatter svg",
  "/explorer": "#explorer .chart svg",
  "/scorecard": "table.scorecard tbody tr",
  "/methods": "#observablehq-main table tbody tr",
};

/**
 * Waits until a page is drawn: every figure card interactive (the build's stand-in replaced) with
 * its chart and trend, or the page's own mark, its second charts, and the network quiet.
 */
export async function pageDrawn(page: Page, path: string): Promise<void> {
  await page.waitForSelector(READY[path] ?? "#observablehq-main", { timeout: 30_000 });
  await page.waitForFunction(() =>
    [...document.querySelectorAll(".figure-card")].every(
      (c) =>
        !c.hasAttribute("data-prerendered") &&
        c.querySelector(".chart svg [aria-label^='bar'] > *") &&
        c.querySelector(".trend-chart svg [aria-label^='dot'] > *"),
    ),
  );
  if (path === "/stack-today") await page.waitForSelector("#adoption svg");
  if (path === "/landscape") await page.waitForSelector("#landscape-explorer .timeline svg");
  await page.waitForLoadState("networkidle");
}
