import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../src/paths.ts";
import { siteDataDir } from "../../src/site/write-site-data.ts";
import { noRealData } from "../support/databases.ts";
import { SITE_PAGES, useSite, type RunningSite } from "../support/site.ts";

const artifacts = join(projectRoot, "test-artifacts", "site");
const PAGES = SITE_PAGES;

let site: RunningSite;
const metrics: Record<string, { bytes: number; chartsMs: number; charts: number }> = {};

/** Opens a page, recording console errors, failed requests and every request to another host. */
async function open(
  path: string,
  options: { width?: number; colorScheme?: "light" | "dark" } = {},
) {
  const servedBefore = site.bytesServed();
  const started = Date.now();
  const visit = await site.visit(path, options);
  return { ...visit, started, bytes: () => site.bytesServed() - servedBefore };
}

/** What marks a page without figure cards as drawn (their content is checked by the other tests). */
const READY: Record<string, string> = {
  "/": "li.headline",
  "/landscape": "#landscape-explorer .counts svg",
  "/stack-today": "#stack-today h3",
  "/distributions": "#distributions svg [aria-label='bar'] rect",
  "/momentum": "#momentum-scatter svg",
  "/scorecard": "table.scorecard tbody tr",
  "/methods": "#observablehq-main table tbody tr",
};
const NO_CHARTS = new Set(Object.keys(READY));

/**
 * Waits until the page has rendered and every figure card has drawn its chart and trend with
 * marks, in the interactive card (the build's prerendered card carries data-prerendered).
 */
async function chartsDrawn(page: Page, path: string): Promise<number> {
  await page.waitForSelector(READY[path] ?? "#observablehq-main");
  await page.waitForFunction(
    (min) => {
      const cards = [...document.querySelectorAll(".figure-card")];
      return (
        cards.length >= min &&
        cards.every(
          (c) =>
            !c.hasAttribute("data-prerendered") &&
            c.querySelector(".chart svg [aria-label^='bar'] > *") &&
            c.querySelector(".trend-chart svg [aria-label^='dot'] > *"),
        )
      );
    },
    NO_CHARTS.has(path) ? 0 : 1,
  );
  return page.locator(".figure-card").count();
}

/** A card's drawn state: the year view's chart and the trend's. */
const chartOf = async (page: Page, id: string) =>
  (await page.locator(`#${id} .chart`).innerHTML()) +
  (await page.locator(`#${id} .trend-chart`).innerHTML());

interface Note {
  kind: string;
  text: string;
}
interface FigureFile {
  result: {
    rows: {
      year: number;
      segment: string;
      category: string;
      n: number | null;
      sample: string;
      source: string;
      notes: Note[];
    }[];
  };
}
const figureFile = async (id: string): Promise<FigureFile> =>
  JSON.parse(await readFile(join(siteDataDir, "figures", `${id}.json`), "utf8"));
/** Distinct notes (kind and text) of some rows, as the site numbers them. */
const distinctNotes = (rows: { notes: Note[] }[]) => [
  ...new Map(rows.flatMap((r) => r.notes).map((n) => [`${n.kind}: ${n.text}`, n])).values(),
];

/** Waits (up to 10 s) for a locator's text to match. */
async function expectText(locator: Locator, pattern: RegExp): Promise<void> {
  await locator
    .page()
    .waitForFunction(
      ([el, source, flags]) =>
        new RegExp(source as string, flags as string).test((el as Element).textContent ?? ""),
      [await locator.elementHandle(), pattern.source, pattern.flags] as const,
      { timeout: 10_000 },
    );
}

describe.skipIf(noRealData)("the report site in a real browser", () => {
  site = useSite();
  beforeAll(async () => {
    await mkdir(artifacts, { recursive: true });
  });
  afterAll(async () => {
    if (Object.keys(metrics).length)
      await writeFile(join(artifacts, "metrics.json"), JSON.stringify(metrics, null, 2));
  });

  it.each(PAGES)(
    "%s renders every chart with no error and no request to another host",
    async (path) => {
      const visit = await open(path);
      try {
        const charts = await chartsDrawn(visit.page, path);
        if (!NO_CHARTS.has(path)) expect(charts).toBeGreaterThan(0);
        // Every figure card has its trend, with points and whiskers.
        expect(
          await visit.page
            .locator(".figure-card .trend-chart svg [aria-description='95% intervals'] > *")
            .count(),
        ).toBeGreaterThanOrEqual(charts);
        await visit.page.waitForLoadState("networkidle");
        metrics[path] = { bytes: visit.bytes(), chartsMs: Date.now() - visit.started, charts };
        await visit.page.screenshot({
          path: join(artifacts, `${path === "/" ? "index" : path.slice(1)}.png`),
          fullPage: true,
        });
        expect(visit.problems).toEqual([]);
      } finally {
        await visit.close();
      }
    },
  );

  it("every control changes its chart and the URL", async () => {
    for (const path of PAGES) {
      const visit = await open(path);
      try {
        await chartsDrawn(visit.page, path);
        for (const card of await visit.page.locator(".figure-card").all()) {
          const id = (await card.getAttribute("id"))!;
          for (const select of await card.locator(".controls select").all()) {
            // A control that cannot change this view (e.g. "top 15" with fewer options) is hidden.
            if (!(await select.isVisible())) continue;
            const before = [await chartOf(visit.page, id), visit.page.url()];
            const values = await select
              .locator("option")
              .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
            const current = await select.inputValue();
            await select.selectOption(values.find((v) => v !== current)!);
            expect(await chartOf(visit.page, id), `${path} ${id} select`).not.toBe(before[0]);
            expect(visit.page.url(), `${path} ${id} select`).not.toBe(before[1]);
          }
          for (const box of await card.locator(".controls input[type=checkbox]").all()) {
            if (!(await box.isVisible())) continue;
            const before = [await chartOf(visit.page, id), visit.page.url()];
            await box.click();
            expect(await chartOf(visit.page, id), `${path} ${id} checkbox`).not.toBe(before[0]);
            expect(visit.page.url(), `${path} ${id} checkbox`).not.toBe(before[1]);
            await box.click();
          }
        }
        expect(visit.problems).toEqual([]);
      } finally {
        await visit.close();
      }
    }
  });

  it("a URL with state restores the view", async () => {
    const visit = await open(`/challenges?fig-2-6.year=2018&fig-2-6.segments=more+than+5+clusters`);
    try {
      await chartsDrawn(visit.page, "/challenges");
      const card = visit.page.locator("#fig-2-6");
      expect(await card.locator("select[aria-label='Survey year']").inputValue()).toBe("2018");
      expect(await card.locator("input[value='1-5 clusters']").isChecked()).toBe(false);
      // The book's n for more than 5 clusters in 2018.
      expect(await card.locator(".subtitle").textContent()).toContain("n = 550");
      // The table shows exactly the drawn rows: one segment, one year, every challenge offered in 2018.
      expect(await card.locator("details.drawn-values table tbody tr").count()).toBe(13);
    } finally {
      await visit.close();
    }
  });

  it("an address with a malformed percent-encoding shows the default view, with no error", async () => {
    // decodeURIComponent threw on it, and the URIError stopped the card of the page.
    const visit = await open("/networking#fig-2-4%E0%A4%A");
    try {
      expect(await chartsDrawn(visit.page, "/networking")).toBeGreaterThan(0);
      expect(visit.problems).toEqual([]);
    } finally {
      await visit.close();
    }
    const methods = await open("/methods");
    try {
      await methods.page.waitForSelector(READY["/methods"]!);
      const hrefs = await methods.page
        .locator("#observablehq-main table a[href]")
        .evaluateAll((links) => links.map((a) => a.getAttribute("href")));
      expect(hrefs.length).toBeGreaterThan(10);
      for (const href of hrefs) expect(href).toMatch(/^https?:\/\//);
    } finally {
      await methods.close();
    }
  });

  it("the landscape explorer filters by snapshot, category, maturity and text, in the URL", async () => {
    const visit = await open("/landscape");
    try {
      const explorer = visit.page.locator("#landscape-explorer");
      const summary = explorer.locator(".summary");
      // 2,413 entries in the newest snapshot (the loader's tested count).
      await expectText(summary, /of 2413 entries in the 2026-08-07 snapshot/);
      await explorer.locator(".counts svg").waitFor();
      await explorer
        .locator("select[aria-label=Category]")
        .selectOption("Orchestration & Management");
      await explorer.locator("select[aria-label=Maturity]").selectOption("graduated");
      await expectText(summary, /^\d+ of 2413 entries/);
      expect(visit.page.url()).toContain("landscape.category=Orchestration+%26+Management");
      expect(visit.page.url()).toContain("landscape.maturity=graduated");
      const names = await explorer.locator(".items tbody tr td:first-child").allTextContents();
      expect(names).toContain("Kubernetes");
      expect(
        await explorer.locator(".timeline svg [aria-label^='bar'] > *").count(),
      ).toBeGreaterThan(0);
      await explorer.locator("input[type=search]").fill("etcd");
      await expectText(summary, /^1 of 2413/);
      // The slider moves to the first snapshot: 604 items, and the URL keeps it.
      await explorer.locator("input[type=range]").fill("0");
      await expectText(summary, /of 604 entries in the 2018-12-31 snapshot/);
      expect(visit.page.url()).toContain("landscape.at=2018-12-31");
      expect(visit.problems).toEqual([]);
    } finally {
      await visit.close();
    }
    const restored = await open("/landscape?landscape.at=2020-07-31&landscape.maturity=graduated");
    try {
      // 11 graduated items in 2020-07-31, as the landscape loader's tests count them.
      await expectText(
        restored.page.locator("#landscape-explorer .summary"),
        /^11 of 1427 entries in the 2020-07-31 snapshot/,
      );
      expect(restored.problems).toEqual([]);
    } finally {
      await restored.close();
    }
  });

  it("the 2020 stack page lists every layer of the book with its status today", async () => {
    const visit = await open("/stack-today");
    try {
      const layers = visit.page.locator("#stack-today h3");
      await layers.first().waitFor();
      expect(await layers.count()).toBe(11);
      const containerd = visit.page.locator("#stack-today tr", { hasText: "containerd" }).first();
      expect(await containerd.textContent()).toMatch(/graduated.*graduated.*present/);
      await visit.page.locator("select[aria-label=Kind]").selectOption("commercial");
      await visit.page.waitForFunction(() => location.search.includes("stack.kind=commercial"));
      expect(await visit.page.locator("#stack-today tr", { hasText: "containerd" }).count()).toBe(
        0,
      );
      // Kubernetes' adoption bars: the 2021 wave 2 summary and 2022 whole and split, each marked,
      // with the notes that say what those shares are listed under the chart.
      const bars = await visit.page
        .locator("#adoption svg[aria-description]")
        .first()
        .getAttribute("aria-description");
      expect(bars).toContain("2021 wave 2 (summary)");
      expect(bars).toContain("2022, community only");
      expect(bars).toContain("2022, paid panel only");
      const notes = await visit.page.locator(".adoption-notes li").allTextContents();
      expect(notes.some((n) => /published summary/.test(n))).toBe(true);
      expect(notes.some((n) => /paid panel/.test(n))).toBe(true);
      await visit.page.locator("select[aria-label=Project]").selectOption("Prometheus");
      await visit.page.waitForFunction(() => location.search.includes("stack.project=Prometheus"));
      expect(visit.problems).toEqual([]);
    } finally {
      await visit.close();
    }
    const restored = await open("/stack-today?stack.kind=open+source&stack.project=Envoy");
    try {
      await restored.page.locator("#stack-today h3").first().waitFor();
      expect(await restored.page.locator("select[aria-label=Kind]").inputValue()).toBe(
        "open source",
      );
      expect(await restored.page.locator("select[aria-label=Project]").inputValue()).toBe("Envoy");
      expect(restored.problems).toEqual([]);
    } finally {
      await restored.close();
    }
  });

  it("marks the breaks of a trend and lists one note per distinct break", async () => {
    const { result } = await figureFile("fig-1-1");
    // The trend draws 2022's community part by default, every other year's whole sample.
    const drawn = result.rows.filter((r) =>
      r.year === 2022 ? r.sample === "community" : r.sample === "all",
    );
    const notes = distinctNotes(drawn);
    // The year view draws the whole sample of every year.
    const yearNotes = distinctNotes(result.rows.filter((r) => r.sample === "all"));
    const visit = await open("/deployment-size");
    try {
      await chartsDrawn(visit.page, "/deployment-size");
      const trend = visit.page.locator("#fig-1-1 .trend-section");
      // The 2022 point: a dashed connector into it and a numbered marker above it.
      const marker = trend
        .locator("[aria-description='break markers'] text", { hasText: /\d/ })
        .filter({
          has: visit.page.locator("title", { hasText: /^2022: breaks/ }),
        });
      expect(await marker.count()).toBe(1);
      const connectors = await trend
        .locator("[aria-description='break connectors'] title")
        .allTextContents();
      expect(connectors.some((t) => / → 2022: not comparable/.test(t))).toBe(true);
      // Its numbers are those of the 2022 row's notes in the card's one list (bars and trend).
      const items = visit.page.locator("#fig-1-1 .card-notes li");
      const cardNotes = distinctNotes([...drawn, ...result.rows.filter((r) => r.sample === "all")]);
      expect(await items.count()).toBe(cardNotes.length);
      expect(await visit.page.locator("#fig-1-1 .notes").count()).toBe(1);
      const listed = await items.allTextContents();
      for (const note of notes)
        expect(listed.some((t) => t.includes(note.kind) && t.includes(note.text))).toBe(true);
      const row2022 = drawn.find((r) => r.year === 2022)!;
      const numbers = listed
        .map((t, i) => (row2022.notes.some((n) => t.includes(n.text)) ? i + 1 : 0))
        .filter(Boolean);
      const text = (await marker.textContent())!.replace(/2022: breaks.*$/, "");
      expect(text).toMatch(new RegExp(`^${numbers[0]}`));
      expect(text).toMatch(new RegExp(`${numbers.at(-1)}$`));
      // The 2017 value is the book's: drawn hollow, apart from the computed points.
      expect(
        await trend.locator("[aria-description='printed values'] circle").count(),
      ).toBeGreaterThanOrEqual(1);
      // A point's tooltip gives its n and interval.
      const row2022n = `${drawn.find((r) => r.year === 2022)!.n}`;
      const lastDot = trend.locator("[aria-description='computed values'] circle").last();
      await lastDot.hover();
      await expectText(trend.locator(".trend-chart [aria-label='tip']"), /95% interval/);
      expect(await trend.locator(".trend-chart [aria-label='tip']").textContent()).toContain(
        `/ ${row2022n}`,
      );
      // The year view's breaks are in the same list, each once.
      for (const note of yearNotes)
        expect(listed.filter((t) => t.includes(note.text))).toHaveLength(1);
      expect(visit.problems).toEqual([]);
    } finally {
      await visit.close();
    }
  });

  it("the sample controls switch 2022 to the paid panel, in the URL and back from it", async () => {
    const { result } = await figureFile("fig-1-1");
    const panel = result.rows.find((r) => r.year === 2022 && r.sample === "panel")!;
    const visit = await open("/deployment-size");
    let url: string;
    try {
      await chartsDrawn(visit.page, "/deployment-size");
      const card = visit.page.locator("#fig-1-1");
      const barsBefore = await card.locator(".chart").innerHTML();
      const trendBefore = await card.locator(".trend-chart").innerHTML();
      // The year view's control changes the bars only; the trend's, the trend only.
      await card.locator("select[aria-label=Sample]").selectOption("panel");
      expect(await card.locator(".chart").innerHTML()).not.toBe(barsBefore);
      expect(await card.locator(".trend-chart").innerHTML()).toBe(trendBefore);
      await card.locator("select[aria-label='Trend sample']").selectOption("panel");
      expect(await card.locator(".trend-chart").innerHTML()).not.toBe(trendBefore);
      url = visit.page.url();
      expect(url).toContain("fig-1-1.year-sample=panel");
      expect(url).toContain("fig-1-1.sample=panel");
      expect(await card.locator(".subtitle").first().textContent()).toContain(
        `paid panel only: n = ${panel.n}`,
      );
      // The panel note replaces the all-respondents one in the card's list.
      const listed = (await card.locator(".card-notes li").allTextContents()).join("\n");
      for (const note of panel.notes) expect(listed).toContain(note.text);
      expect(visit.problems).toEqual([]);
    } finally {
      await visit.close();
    }
    const restored = await open(new URL(url).pathname + new URL(url).search);
    try {
      await chartsDrawn(restored.page, "/deployment-size");
      const card = restored.page.locator("#fig-1-1");
      expect(await card.locator("select[aria-label=Sample]").inputValue()).toBe("panel");
      expect(await card.locator("select[aria-label='Trend sample']").inputValue()).toBe("panel");
      expect(await card.locator(".subtitle").first().textContent()).toContain(
        `paid panel only: n = ${panel.n}`,
      );
      const trendRows = await card
        .locator(".trend-section details table tbody tr", { hasText: "panel" })
        .count();
      expect(trendRows).toBe(1);
      await restored.page.screenshot({
        path: join(artifacts, "deployment-size-panel.png"),
        fullPage: true,
      });
      expect(restored.problems).toEqual([]);
    } finally {
      await restored.close();
    }
  });

  it("no page scrolls sideways at phone width", async () => {
    for (const path of PAGES) {
      const visit = await open(path, { width: 390 });
      try {
        await chartsDrawn(visit.page, path);
        await visit.page.waitForLoadState("networkidle");
        const overflow = await visit.page.evaluate(
          () => document.documentElement.scrollWidth - window.innerWidth,
        );
        expect(overflow, path).toBeLessThanOrEqual(1);
        if (path === "/trends" || path === "/deployment-size")
          await visit.page.screenshot({
            path: join(artifacts, `${path.slice(1)}-phone.png`),
            fullPage: true,
          });
        expect(visit.problems).toEqual([]);
      } finally {
        await visit.close();
      }
    }
  });

  it("stays readable at phone width and in dark mode", async () => {
    for (const path of ["/challenges", "/deployment-size", "/trends"]) {
      const visit = await open(path, { width: 390, colorScheme: "dark" });
      try {
        await chartsDrawn(visit.page, path);
        const overflow = await visit.page.evaluate(
          () => document.documentElement.scrollWidth - window.innerWidth,
        );
        expect(overflow).toBeLessThanOrEqual(1);
        const background = await visit.page.evaluate(
          () => getComputedStyle(document.body).backgroundColor,
        );
        expect(background).not.toBe("rgb(255, 255, 255)");
        await visit.page.screenshot({
          path: join(artifacts, `${path.slice(1)}-phone-dark.png`),
          fullPage: true,
        });
        expect(visit.problems).toEqual([]);
      } finally {
        await visit.close();
      }
    }
    // The trend alone, wide and dark: its marks against the dark background.
    const wide = await open("/deployment-size", { colorScheme: "dark" });
    try {
      await chartsDrawn(wide.page, "/deployment-size");
      await wide.page
        .locator("#fig-1-1 .trend-section")
        .screenshot({ path: join(artifacts, "fig-1-1-trend-dark.png") });
      expect(wide.problems).toEqual([]);
    } finally {
      await wide.close();
    }
  });
});
