import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { axeViolations } from "../support/axe.ts";
import { noRealData } from "../support/databases.ts";
import {
  CARD_PAGES,
  pageDrawn,
  SITE_PAGES,
  useSite,
  type RunningSite,
  type VisitOptions,
} from "../support/site.ts";

// Every page, the survey explorer included.
const PAGES = [...SITE_PAGES.slice(0, -2), "/explorer", ...SITE_PAGES.slice(-2)];
const FIGURE_PAGES = Object.keys(CARD_PAGES);
const WIDTHS = [1200, 390];
const SCHEMES = ["light", "dark"] as const;

let site: RunningSite;

/** Opens a page and collects console errors and requests to another host. */
async function open(path: string, options: VisitOptions = {}) {
  const visit = await site.visit(path, options);
  await pageDrawn(visit.page, path);
  return visit;
}

/**
 * Pairs of elements whose boxes overlap: each `a` against each `b` inside every `root`
 * (a label and a whisker, two labels). Same-element pairs are skipped.
 */
function overlaps(page: Page, root: string, a: string, b: string): Promise<string[]> {
  return page.evaluate(
    ([root, a, b]) => {
      const hit = (p: DOMRect, q: DOMRect) =>
        p.left < q.right - 0.5 &&
        q.left < p.right - 0.5 &&
        p.top < q.bottom - 0.5 &&
        q.top < p.bottom - 0.5;
      const found: string[] = [];
      for (const r of document.querySelectorAll(root)) {
        const as = [...r.querySelectorAll(a)];
        const bs = [...r.querySelectorAll(b)];
        for (const x of as)
          for (const y of bs)
            if (x !== y && hit(x.getBoundingClientRect(), y.getBoundingClientRect()))
              found.push(
                `${r.closest("[id]")?.id ?? root}: "${x.textContent}" over ${y.tagName} "${y.textContent ?? ""}"`,
              );
      }
      return found;
    },
    [root, a, b] as const,
  );
}

describe.skipIf(noRealData)("the report site: phone, accessibility, keys", () => {
  site = useSite();

  it.each(PAGES)(
    "%s has no serious or critical axe violation at 1200 and 390 px, light and dark",
    async (path) => {
      const found: string[] = [];
      for (const width of WIDTHS)
        for (const colorScheme of SCHEMES) {
          const visit = await open(path, { width, colorScheme });
          try {
            for (const v of await axeViolations(visit.page))
              found.push(`${path} ${width}px ${colorScheme}: ${v}`);
            expect(visit.problems).toEqual([]);
          } finally {
            await visit.close();
          }
        }
      expect(found.join("\n")).toBe("");
    },
    240_000,
  );

  it.each(PAGES)("%s fits a 390 px phone: nothing wider than the screen", async (path) => {
    const visit = await open(path, { width: 390 });
    try {
      const wide = await visit.page.evaluate(() => {
        const out: string[] = [];
        if (document.documentElement.scrollWidth > innerWidth)
          out.push(`page scrollWidth ${document.documentElement.scrollWidth}`);
        // An element may be wider than the screen only inside a container that scrolls itself.
        const scrolls = (e: Element | null): boolean => {
          for (; e && e !== document.body; e = e.parentElement) {
            const s = getComputedStyle(e);
            if (
              (s.overflowX === "auto" || s.overflowX === "scroll" || s.overflowX === "hidden") &&
              e.getBoundingClientRect().right <= innerWidth + 1
            )
              return true;
          }
          return false;
        };
        for (const e of document.querySelectorAll("#observablehq-main *")) {
          const r = e.getBoundingClientRect();
          if (r.width === 0 || getComputedStyle(e).visibility === "hidden") continue;
          if (r.right > innerWidth + 1 && !scrolls(e.parentElement))
            out.push(`${e.tagName.toLowerCase()}.${e.className} right ${Math.round(r.right)}`);
        }
        return out.slice(0, 10);
      });
      expect(wide.join("\n")).toBe("");
      // Option names are wrapped in the chart's margin, never cut to an ellipsis.
      const cut = await visit.page
        .locator(":is(.figure-card, #explorer) svg text")
        .evaluateAll((ts) => ts.map((t) => t.textContent ?? "").filter((t) => t.includes("…")));
      expect(cut.join("\n")).toBe("");
      expect(visit.problems).toEqual([]);
    } finally {
      await visit.close();
    }
  });

  it("lets a phone reader pinch-zoom", async () => {
    const visit = await open("/challenges", {
      width: 390,
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
    });
    try {
      // The effective viewport meta (the last one) neither caps the scale nor disables zoom.
      const metas = await visit.page
        .locator("meta[name=viewport]")
        .evaluateAll((ms) => ms.map((m) => m.getAttribute("content") ?? ""));
      expect(metas.at(-1)).not.toMatch(/maximum-scale\s*=\s*1(\.0*)?\b|user-scalable\s*=\s*(no|0)/);
      const touch = await visit.page.evaluate(() =>
        [document.documentElement, document.body, document.querySelector("#observablehq-main")]
          .map((e) => (e ? getComputedStyle(e).touchAction : "auto"))
          .filter((t) => t !== "auto" && t !== "manipulation"),
      );
      expect(touch.join("\n")).toBe("");
      // And a real pinch does zoom.
      const cdp = await visit.page.context().newCDPSession(visit.page);
      await cdp.send("Input.synthesizePinchGesture", { x: 195, y: 300, scaleFactor: 2 });
      await expect
        .poll(() => visit.page.evaluate(() => window.visualViewport?.scale ?? 1))
        .toBeGreaterThan(1.2);
    } finally {
      await visit.close();
    }
  });

  it.each(FIGURE_PAGES)(
    "%s: no value label is crossed by a whisker, at 1200 and 390 px",
    async (path) => {
      for (const width of WIDTHS) {
        const visit = await open(path, { width });
        try {
          const labels = "[aria-description='value labels'] text";
          expect(await visit.page.locator(`.figure-card .chart ${labels}`).count()).toBeGreaterThan(
            0,
          );
          const crossed = [
            ...(await overlaps(
              visit.page,
              ".figure-card .chart svg",
              labels,
              "[aria-description='95% intervals'] line",
            )),
            ...(await overlaps(
              visit.page,
              ".figure-card .chart svg",
              labels,
              "[aria-description='value labels'] text",
            )),
          ];
          expect(crossed.join("\n"), `${path} at ${width}px`).toBe("");
        } finally {
          await visit.close();
        }
      }
    },
  );

  it("the explorer's and the stack page's labels are not crossed by whiskers either", async () => {
    for (const [path, root, description] of [
      ["/explorer", "#explorer .chart svg", "significance letters"],
      ["/stack-today", "#adoption svg", "value labels"],
    ] as const) {
      for (const width of WIDTHS) {
        const visit = await open(path, { width });
        try {
          const labels = `[aria-description='${description}'] text`;
          expect(await visit.page.locator(`${root} ${labels}`).count()).toBeGreaterThan(0);
          const crossed = await overlaps(
            visit.page,
            root,
            labels,
            "[aria-description='95% intervals'] line",
          );
          expect(crossed.join("\n"), `${path} at ${width}px`).toBe("");
        } finally {
          await visit.close();
        }
      }
    }
  });

  it.each(FIGURE_PAGES)(
    "%s: every chart has a key to its colours, faded bars, whiskers and dashes",
    async (path) => {
      const visit = await open(path);
      try {
        const cards = await visit.page.locator(".figure-card").all();
        expect(cards.length).toBeGreaterThan(0);
        for (const card of cards) {
          const id = await card.getAttribute("id");
          const key = card.locator(".chart-key").first();
          expect(await key.count(), `${id} year key`).toBe(1);
          const text = (await key.textContent()) ?? "";
          expect(text, id!).toMatch(/95% interval/);
          // A faded bar is explained wherever one is drawn.
          const faded = await card
            .locator(".chart svg [aria-label^='bar'] rect[fill-opacity]:not([fill-opacity='1'])")
            .count();
          if (faded) expect(text, id!).toMatch(/faded.*(book|summary)/);
          // Several segments: each has a swatch in the key, in its bar colour.
          const fills = await card
            .locator(".chart svg [aria-label^='bar'] rect")
            .evaluateAll((rs) => new Set(rs.map((r) => r.getAttribute("fill"))).size);
          if (fills > 1)
            expect(await key.locator(".swatch").count(), id!).toBeGreaterThanOrEqual(2);
          const trendKey = (await card.locator(".trend-key").textContent()) ?? "";
          expect(trendKey, id!).toMatch(/95% interval/);
          if (await card.locator("[aria-description='break connectors'] > *").count())
            expect(trendKey, id!).toMatch(/dashed|break/);
        }
        expect(visit.problems).toEqual([]);
      } finally {
        await visit.close();
      }
    },
  );

  it("names the 2020 survey 1H 2020 wherever a year is shown", async () => {
    const alone = /(^|[^\w-])2020(?![\w-])/;
    for (const path of [...FIGURE_PAGES, "/stack-today", "/explorer"]) {
      const visit = await open(path, { width: 1200 });
      try {
        // Open every table, so their cells are laid out and read like the rest.
        await visit.page
          .locator("details")
          .evaluateAll((ds) => ds.forEach((d) => ((d as HTMLDetailsElement).open = true)));
        const texts = await visit.page
          .locator(
            "#observablehq-main :is(svg text, option, td, th, .subtitle, .trend-subtitle, [aria-label='tip'])",
          )
          .evaluateAll((es) =>
            es.map((e) =>
              (e.textContent ?? "")
                // The survey's period is right; a month of 2020 ("July 2020") is a snapshot date.
                .replace(/1H 2020|(January|February|March|April|May|June|July|August) 2020/g, "")
                .trim(),
            ),
          );
        const bad = texts.filter((t) => alone.test(t));
        // Prose ("the book's 2020 stack") is not a survey year; the elements tested are those
        // that name one: chart text, options, table cells, subtitles and tooltips.
        expect(bad.join("\n"), path).toBe("");
      } finally {
        await visit.close();
      }
    }
  });

  it("draws every maturity in one colour on every landscape chart", async () => {
    const colours = async (path: string) => {
      const visit = await open(path);
      try {
        return await visit.page
          .locator(".maturity-key [data-maturity]")
          .evaluateAll((es) =>
            Object.fromEntries(
              es.map((e) => [
                e.getAttribute("data-maturity"),
                getComputedStyle(e.querySelector(".swatch")!).backgroundColor,
              ]),
            ),
          );
      } finally {
        await visit.close();
      }
    };
    const landscape = await colours("/landscape");
    const stack = await colours("/stack-today");
    expect(Object.keys(landscape).length).toBeGreaterThanOrEqual(4);
    for (const [maturity, colour] of Object.entries(landscape))
      if (maturity in stack) expect(stack[maturity], maturity).toBe(colour);
    // Kubernetes, the default project, was graduated at every survey.
    expect(stack.graduated).toBe(landscape.graduated);
    // The bars themselves are drawn in the key's colours.
    const visit = await open("/stack-today");
    try {
      const fills = await visit.page
        .locator("#adoption svg [aria-label^='bar'] rect")
        .evaluateAll((rs) => rs.map((r) => getComputedStyle(r).fill));
      for (const fill of fills) expect(Object.values(stack)).toContain(fill);
    } finally {
      await visit.close();
    }
  });

  it("the landscape counts chart never piles its labels up", async () => {
    for (const width of WIDTHS) {
      const visit = await open("/landscape", { width });
      try {
        const root = "#landscape-explorer .counts svg";
        // Wide, the line ends with room are labelled; on a phone none are (the key names them).
        if (width > 600)
          expect(
            await visit.page.locator(`${root} [aria-description='line labels'] text`).count(),
          ).toBeGreaterThan(0);
        const piled = await overlaps(
          visit.page,
          root,
          "[aria-description='line labels'] text",
          "[aria-description='line labels'] text",
        );
        expect(piled.join("\n"), `at ${width}px`).toBe("");
        // Every category is named somewhere: on the chart or in its key.
        expect(
          await visit.page.locator("#landscape-explorer .counts .chart-key li").count(),
        ).toBeGreaterThanOrEqual(10);
      } finally {
        await visit.close();
      }
    }
  });
});
