import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { JSDOM, VirtualConsole } from "jsdom";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../src/paths.ts";
import { bundleBrowserModules } from "../../src/site/bundle-browser.ts";
import { prerenderPage } from "../../src/site/prerender.ts";
import { VIEWS } from "../../src/site/slots.ts";
import { SAMPLING_DISCLOSURE } from "../../src/survey/disclosure.ts";
import { noRealData } from "../support/databases.ts";
import { CARD_PAGES, useSite } from "../support/site.ts";

const MARKS = ".chart svg [aria-label^='bar'] > *";
const TREND_MARKS = ".trend-chart svg [aria-label^='dot'] > *";

const HOSTILE = "<script>alert(1)</script>";
/** A figure whose every text field a hostile source could have written. */
const hostileFigure = {
  definition: {
    id: "fig-hostile",
    title: `Title ${HOSTILE}`,
    description: `Description ${HOSTILE}`,
    universe: `Universe ${HOSTILE}`,
    book: "FIG 0",
    sql: `SELECT '${HOSTILE}'`,
    chart: { kind: "bars" },
  },
  result: {
    id: "fig-hostile",
    title: `Title ${HOSTILE}`,
    universe: `Universe ${HOSTILE}`,
    rows: [2018, 2019].flatMap((year) =>
      [HOSTILE, `<img src=x onerror=alert(1)>`].map((category, i) => ({
        year,
        segment: `segment ${HOSTILE}`,
        category,
        n: 100,
        count: 10 + i,
        share: 0.1 + i / 10,
        ci_low: 0.05,
        ci_high: 0.3,
        source: "computed",
        sample: "all",
        notes: [{ kind: "question", text: `note ${HOSTILE}` }],
      })),
    ),
  },
  sources: [{ file: `x/${HOSTILE}.csv`, commit: "0123456789abcdef", license: "Apache-2.0" }],
  surveys: [{ year: 2019, period: `2019 ${HOSTILE}` }],
  // The years a trend spans, as the site-data writer gives them from the database.
  trendYears: [2018, 2019],
};

describe("the build's prerender", () => {
  // The card component imports the browser bundle (downloads); a fresh clone has not built it.
  beforeAll(() => bundleBrowserModules(), 120_000);

  it("writes text from the data as text, never as markup", async () => {
    const page =
      '<!DOCTYPE html><html><head></head><body><div class="figure-slot" data-figure="fig-hostile"></div></body></html>';
    const html = await prerenderPage(page, async () => hostileFigure);
    // Drawn: the chart's bars are there.
    const { document } = new JSDOM(html).window;
    const card = document.querySelector(".figure-slot > #fig-hostile[data-prerendered]")!;
    expect(card.querySelector(MARKS)).not.toBeNull();
    // Nothing of the hostile text became an element or an attribute.
    // (The one script is the build's own, in the head: see the next test.)
    expect(document.querySelectorAll("script:not(#kc-saved-views), img, [onerror]").length).toBe(0);
    // Text is escaped; in a quoted attribute value only the quote needs to be, so `<` stays.
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    const body = html.slice(html.indexOf("<body"));
    expect(body.replace(/="[^"]*"/g, "")).not.toMatch(/<(script|img)\b/);
    expect(card.querySelector(".chart")!.getAttribute("aria-label")).toBe(
      `Title ${HOSTILE}: chart`,
    );
    // It is all still there, as text.
    expect(card.textContent).toContain(`Title ${HOSTILE}`);
    expect(card.querySelector(".chart svg")!.textContent).toContain(HOSTILE);
  });

  it("marks, before the body is parsed, a card whose link holds another view than its default", async () => {
    const page =
      '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><div class="figure-slot" data-figure="fig-hostile"></div></body></html>';
    const html = await prerenderPage(page, async () => hostileFigure);
    const marked = (search: string) =>
      new JSDOM(html, {
        url: `http://localhost/page${search}`,
        runScripts: "dangerously",
      }).window.document.documentElement.getAttribute("data-saved-views");
    // No view in the link, the default view as the card writes it (2019 is the default year), or
    // another card's view: the HTML's card is the right one.
    expect(marked("")).toBeNull();
    expect(marked("?fig-hostile.year=2019")).toBeNull();
    expect(marked("?fig-other.year=2018&fig-hostile-2.year=2018")).toBeNull();
    // Another year, or the default year with fewer segments: it is not.
    expect(marked("?fig-hostile.year=2018")).toBe("fig-hostile");
    expect(marked("?fig-hostile.year=2019&fig-hostile.segments=x")).toBe("fig-hostile");
    // The rule hides that card's body only while it is the static one; a line says why.
    const { document } = new JSDOM(html).window;
    expect(document.head.querySelector("meta + script#kc-saved-views + style")!.textContent).toBe(
      'html[data-saved-views~="fig-hostile"] #fig-hostile[data-prerendered]>:not(h2,.restoring){visibility:hidden}' +
        'html[data-saved-views~="fig-hostile"] #fig-hostile[data-prerendered]>.restoring{display:block}',
    );
    expect(document.querySelector("#fig-hostile > h2 + .restoring[hidden]")!.textContent).toBe(
      "Drawing the view this link holds…",
    );
  });
});

/** The overview's files, each with the rows its headlines pick, every text field hostile. */
function hostileOverview(): Record<string, unknown> {
  const figure = (rows: [number, string, string][]) => ({
    // The book's year is a fact of the book figures' definitions (the overview reads it there).
    definition: { id: "fig-hostile", site: { defaultYear: 2019 } },
    result: {
      rows: rows.map(([year, segment, category]) => ({
        year,
        segment,
        category,
        n: 100,
        count: 40,
        share: 0.4,
        ci_low: 0.3,
        ci_high: 0.5,
        source: "computed",
        sample: "all",
      })),
    },
    surveys: [2019, 2020].map((year) => ({ year, period: `${year} ${HOSTILE}` })),
    trendYears: [2019, 2020],
  });
  const clusters = "more than 5 clusters";
  return {
    fig11: figure([
      [2019, "all", clusters],
      [2020, "all", clusters],
    ]),
    fig12: figure([[2019, ">5000", clusters]]),
    containers: figure([[2019, clusters, "1000+ containers"]]),
    adoption: figure([[2019, "all", "Kubernetes in production"]]),
    fig24: figure([[2019, "all", "NGINX"]]),
    // The most cited challenge is named in the headline's text.
    fig26: figure([[2019, "1-5 clusters", `Challenge ${HOSTILE}<img src=x onerror=alert(1)>`]]),
    fig27: figure([
      [2019, "all", "Amazon Elastic Container Service for Kubernetes (EKS)"],
      [2019, "all", "Google Kubernetes Engine (GKE)"],
    ]),
    scorecard: [{ status: "reproduced" }, { status: HOSTILE }, { status: "close" }],
  };
}

describe("the build's prerender of a view", () => {
  beforeAll(() => bundleBrowserModules(), 120_000);

  it("draws the overview into its slot, and text from the data as text, never as markup", async () => {
    const data = hostileOverview();
    const byPath = new Map(
      Object.entries(VIEWS.overview!.files).map(([name, path]) => [path, data[name]]),
    );
    const page =
      '<!DOCTYPE html><html><head></head><body><div class="view-slot" data-view="overview"></div></body></html>';
    const html = await prerenderPage(page, async (path) => byPath.get(path));
    const { document } = new JSDOM(html).window;
    const slot = document.querySelector(".view-slot[data-view=overview][data-prerendered]")!;
    // All nine headlines, each with its number, and the scorecard's count.
    expect(slot.querySelectorAll("li.headline").length).toBe(9);
    expect(slot.querySelectorAll("li.headline strong")[0]!.textContent).toBe("40%");
    expect(slot.querySelector("p")!.textContent).toMatch(/Of the 3 numbers .*1 reproduce/s);
    // Nothing of the hostile text became an element or an attribute; it is all there as text.
    expect(document.querySelectorAll("script, img, [onerror]").length).toBe(0);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html.replace(/="[^"]*"/g, "")).not.toMatch(/<(script|img)\b/);
    expect(slot.textContent).toContain(`Challenge ${HOSTILE}<img src=x onerror=alert(1)>`);
    expect(slot.textContent).toContain(`2019 ${HOSTILE}`);
  });

  it("draws the sampling disclosure into its slot, reading no data file", async () => {
    const page =
      '<!DOCTYPE html><html><head></head><body><div class="view-slot" data-view="disclosure"></div></body></html>';
    const html = await prerenderPage(page, async (path) => {
      throw new Error(`read ${path}`);
    });
    const slot = new JSDOM(html).window.document.querySelector(
      ".view-slot[data-view=disclosure][data-prerendered]",
    )!;
    expect(slot.textContent).toContain(SAMPLING_DISCLOSURE);
    // The pages that name the slot draw the same in the browser (and in preview).
    for (const name of ["methods", "scorecard"]) {
      const md = await readFile(join(projectRoot, "docs", `${name}.md`), "utf8");
      expect(md, name).toContain('<div class="view-slot" data-view="disclosure"></div>');
      expect(md, name).toContain('hydrateView("disclosure", disclosure())');
    }
  });

  it("names the same files as the overview page loads", async () => {
    const page = await readFile(join(projectRoot, "docs/index.md"), "utf8");
    for (const path of Object.values(VIEWS.overview!.files))
      expect(page).toContain(`FileAttachment("data/generated/${path}")`);
    expect(page).toContain('<div class="view-slot" data-view="overview"></div>');
  });
});

describe.skipIf(noRealData)("prerendered figure cards in a real browser", () => {
  const site = useSite();

  /** Opens a page, recording console errors and every request to another host. */
  const open = (path: string, javaScriptEnabled = true) => site.visit(path, { javaScriptEnabled });

  it.each(Object.entries(CARD_PAGES))(
    "%s has each card drawn in its HTML, before any script runs, and its data preloaded",
    async (path, ids) => {
      const html = await (await fetch(`${site.base}${path}`)).text();
      // Quiet: jsdom's CSS parser knows no color-mix() and would print the inlined stylesheet.
      const { document } = new JSDOM(html, { virtualConsole: new VirtualConsole() }).window;
      const slots = [...document.querySelectorAll<HTMLElement>(".figure-slot")];
      expect(slots.map((s) => s.dataset.figure)).toEqual(ids);
      for (const slot of slots) {
        const cards = slot.querySelectorAll(".figure-card[data-prerendered]");
        expect(cards.length).toBe(1);
        expect(cards[0]!.id).toBe(slot.dataset.figure);
        expect(cards[0]!.querySelectorAll(MARKS).length).toBeGreaterThan(0);
        expect(cards[0]!.querySelectorAll(TREND_MARKS).length).toBeGreaterThan(0);
      }
      const preloads = [
        ...document.querySelectorAll<HTMLLinkElement>("link[rel=preload][as=fetch]"),
      ].map((l) => l.getAttribute("href"));
      for (const id of ids)
        expect(preloads.some((href) => href!.includes(`/figures/${id}.`))).toBe(true);
    },
  );

  it("shows every card with JavaScript disabled, and a link to a card scrolls to it", async () => {
    for (const [path, ids] of Object.entries(CARD_PAGES)) {
      const visit = await open(path, false);
      try {
        for (const id of ids) {
          const box = await visit.page
            .locator(`#${id} .chart svg:has([aria-label^='bar'])`)
            .boundingBox();
          expect(box?.width, `${path} ${id}`).toBeGreaterThan(200);
          expect(box?.height, `${path} ${id}`).toBeGreaterThan(100);
        }
      } finally {
        await visit.close();
      }
    }
    const visit = await open("/deployment-size#containers-1000-plus", false);
    try {
      const top = await visit.page.evaluate(
        () => document.getElementById("containers-1000-plus")!.getBoundingClientRect().top,
      );
      expect(Math.abs(top)).toBeLessThan(100);
    } finally {
      await visit.close();
    }
  });

  it.each(Object.entries(CARD_PAGES))(
    "%s replaces each prerendered card with the interactive one, once, with no error",
    async (path, ids) => {
      const visit = await open(path);
      try {
        await visit.page.waitForFunction(
          ([marks, count]) =>
            document.querySelectorAll("[data-prerendered]").length === 0 &&
            document.querySelectorAll(`.figure-card ${marks}`).length > 0 &&
            document.querySelectorAll(".figure-card").length === count,
          [MARKS, ids.length] as const,
        );
        await visit.page.waitForLoadState("networkidle");
        for (const id of ids) {
          // One card per id, inside its slot, live: its controls work.
          expect(await visit.page.locator(`[id='${id}']`).count()).toBe(1);
          expect(await visit.page.locator(`.figure-slot[data-figure='${id}'] > *`).count()).toBe(1);
          expect(
            await visit.page
              .locator(`#${id} .controls select, #${id} .controls input`)
              .evaluateAll(
                (controls) => controls.filter((c) => (c as HTMLInputElement).disabled).length,
              ),
          ).toBe(0);
          // CSV, its provenance sidecar and Vega-Lite.
          expect(await visit.page.locator(`#${id} a[download][href^='blob:']`).count()).toBe(3);
        }
        expect(await visit.page.locator(".figure-card").count()).toBe(ids.length);
        expect(visit.problems).toEqual([]);
      } finally {
        await visit.close();
      }
    },
  );

  /** Opens a page with the card code held back until `release()`, to look at the static card. */
  async function openHeld(path: string) {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const visit = await site.visit(path, {
      waitUntil: "domcontentloaded",
      before: (page) =>
        page.route(/\/figure-view\.\w+\.js$/, async (route) => {
          await held;
          await route.continue();
        }),
    });
    return { ...visit, release };
  }
  const visibility = (page: Page, selector: string) =>
    page.locator(selector).evaluate((e) => getComputedStyle(e).visibility);

  it("hides the static card's view while a link's own view is drawn, then draws that view", async () => {
    const visit = await openHeld("/networking?fig-2-4.year=2018&fig-2-4.category=Traefik");
    try {
      // The HTML's card is 2019's: its body is hidden, its title and the reason are not.
      const card = "#fig-2-4[data-prerendered]";
      expect(await visibility(visit.page, `${card} .chart`)).toBe("hidden");
      expect(await visibility(visit.page, `${card} .subtitle`)).toBe("hidden");
      expect(await visit.page.locator(`${card} h2`).isVisible()).toBe(true);
      expect(await visit.page.locator(`${card} .restoring`).isVisible()).toBe(true);
      visit.release();
      await visit.page.waitForSelector("#fig-2-4:not([data-prerendered]) .chart svg");
      expect(
        await visit.page.locator("#fig-2-4 select[aria-label='Survey year']").inputValue(),
      ).toBe("2018");
      expect(await visit.page.locator("#fig-2-4 .subtitle").textContent()).toMatch(/2018: n = /);
      expect(await visibility(visit.page, "#fig-2-4 .chart")).toBe("visible");
      expect(await visit.page.locator("#fig-2-4 .restoring").count()).toBe(0);
      expect(visit.problems).toEqual([]);
    } finally {
      await visit.close();
    }
  });

  it("shows the static card at once when the link holds its default view", async () => {
    const visit = await openHeld("/networking?fig-2-4.year=2019&fig-2-5.year=2018");
    try {
      expect(await visibility(visit.page, "#fig-2-4[data-prerendered] .chart")).toBe("visible");
      expect(await visit.page.locator("#fig-2-4 .restoring").isVisible()).toBe(false);
      visit.release();
      await visit.page.waitForSelector("#fig-2-4:not([data-prerendered]) .chart svg");
      expect(visit.problems).toEqual([]);
    } finally {
      await visit.close();
    }
  });

  /** The overview's slot as a reader sees it: its text, whitespace collapsed, and its box. */
  async function overviewOf(page: Page) {
    const slot = page.locator(".view-slot[data-view=overview]");
    return {
      text: ((await slot.textContent()) ?? "").replace(/\s+/g, " ").trim(),
      box: await slot.boundingBox(),
      headlines: await slot.locator("li.headline").count(),
    };
  }

  it("/ has its headlines and reproduction summary in its HTML, shown with JavaScript disabled", async () => {
    const html = await (await fetch(`${site.base}/`)).text();
    // A console of its own: jsdom cannot parse the inlined stylesheet, which is no matter here.
    const { document } = new JSDOM(html, { virtualConsole: new VirtualConsole() }).window;
    const slots = document.querySelectorAll(".view-slot[data-view=overview]");
    expect(slots.length).toBe(1);
    expect(slots[0]!.hasAttribute("data-prerendered")).toBe(true);
    expect(slots[0]!.querySelectorAll("li.headline").length).toBe(9);
    expect(slots[0]!.querySelectorAll("li.headline strong")[0]!.textContent).toMatch(/^\d+%$/);
    expect(slots[0]!.querySelector("p")!.textContent).toMatch(/Of the \d+ numbers/);
    // Drawn complete, so the page preloads none of its files: the first paint needs none.
    expect(document.querySelectorAll("link[rel=preload][as=fetch]").length).toBe(0);
    const visit = await open("/", false);
    try {
      const box = await visit.page.locator("li.headline").first().boundingBox();
      expect(box?.height).toBeGreaterThan(10);
      expect((await overviewOf(visit.page)).headlines).toBe(9);
      await expect(
        visit.page.locator("#how-much-of-the-book-reproduces").isVisible(),
      ).resolves.toBe(true);
    } finally {
      await visit.close();
    }
  });

  it("/ draws the same overview in the browser, in place, once, with no error", async () => {
    // The slot as the HTML drew it, before the page's code has replaced it (its data still load).
    const { page, problems, close } = await site.visit("/", {
      before: (page) =>
        page.addInitScript(`addEventListener("DOMContentLoaded", () => {
          const slot = document.querySelector(".view-slot[data-view=overview]");
          const { x, y, width, height } = slot.getBoundingClientRect();
          window.overviewBefore = {
            prerendered: slot.hasAttribute("data-prerendered"),
            text: slot.textContent.replace(/\\s+/g, " ").trim(),
            box: { x, y, width, height },
          };
        });`),
    });
    try {
      await page.waitForSelector(
        ".view-slot[data-view=overview]:not([data-prerendered]) li.headline",
      );
      await page.waitForLoadState("networkidle");
      const before = await page.evaluate(
        () => (window as unknown as { overviewBefore: Record<string, unknown> }).overviewBefore,
      );
      expect(before.prerendered).toBe(true);
      const hydrated = await overviewOf(page);
      expect(hydrated.text).toBe(before.text);
      expect(hydrated.headlines).toBe(9);
      expect(await page.locator("#headlines-from-the-2019-survey").count()).toBe(1);
      // No layout jump: the slot has the same place and size as the HTML's.
      expect(hydrated.box).toEqual(before.box);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it.each([
    "/networking#fig-2-4",
    "/deployment-size#containers-1000-plus",
    "/trends#container-use",
  ])("%s scrolls to its figure and stays there once the page is drawn", async (link) => {
    const id = link.split("#")[1]!;
    const visit = await open(link);
    try {
      await visit.page.waitForFunction(
        () => document.querySelectorAll("[data-prerendered]").length === 0,
      );
      await visit.page.waitForLoadState("networkidle");
      const top = await visit.page.evaluate(
        (id) => document.getElementById(id)!.getBoundingClientRect().top,
        id,
      );
      expect(Math.abs(top)).toBeLessThan(100);
      expect(visit.problems).toEqual([]);
    } finally {
      await visit.close();
    }
  });
});
