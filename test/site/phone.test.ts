import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { siteDataDir } from "../../src/site/write-site-data.ts";
import { noRealData, withRealDatabase } from "../support/databases.ts";
import { CARD_PAGES, pageDrawn, SITE_PAGES, useSite, type RunningSite } from "../support/site.ts";

// Issue 18, items 7 and 8 on the built site at a 390 px phone: touch targets, the top bar and its
// menu, tables that fit, legible chart text, the 2020 stack's layers, and the card's notes.

/**
 * A phone: touch, and a mobile viewport, which widens its layout to fit a page wider than the
 * screen (so a test compares with the 390 px of the screen, never with innerWidth).
 */
const WIDTH = 390;
const PHONE = { width: WIDTH, hasTouch: true, isMobile: true };
const PAGES = [...SITE_PAGES, "/explorer"];
const FIGURE_PAGES = Object.keys(CARD_PAGES);

let site: RunningSite;

/**
 * Every visible control smaller than 44 × 44 px: links, buttons, selects, inputs (a checkbox's or
 * radio's target is its label), summaries, the menu button. A link inside a sentence is exempt, as
 * WCAG 2.5.8 exempts it: its paragraph or list item holds more text than the link.
 */
const smallTargets = (page: Page) =>
  page.evaluate((width) => {
    const found: string[] = [];
    const controls = document.querySelectorAll(
      "a[href], button, select, input:not([type=hidden]), summary, [role=button]",
    );
    for (const control of controls) {
      let target = control as HTMLElement;
      if (target.matches("input[type=checkbox], input[type=radio]"))
        target = target.closest("label") ?? target;
      const box = target.getBoundingClientRect();
      const style = getComputedStyle(target);
      if (box.width === 0 || box.height === 0 || style.visibility === "hidden") continue;
      // Off screen (the closed page list slid out to the left): not a target now.
      if (box.right <= 0 || box.left >= width) continue;
      if (target.tagName === "A" && !target.closest("td, th, nav, .meta, header")) {
        const block = target.closest("p, li");
        const text = (e: Element) => (e.textContent ?? "").replace(/\s+/g, " ").trim();
        if (block && text(block).length > text(target).length + 3) continue;
      }
      if (box.width < 43.5 || box.height < 43.5)
        found.push(
          `${target.tagName.toLowerCase()}${target.id ? `#${target.id}` : ""} "${(target.textContent ?? "").trim().slice(0, 40)}" ${box.width.toFixed(0)}×${box.height.toFixed(0)}`,
        );
    }
    return found;
  }, WIDTH);

/** The smallest chart text drawn in the figure cards, in screen pixels (a scaled SVG's too). */
const smallestChartText = (page: Page) =>
  page.evaluate(() => {
    const sizes: { card: string; px: number; text: string }[] = [];
    for (const svg of document.querySelectorAll<SVGSVGElement>(".figure-card svg[viewBox]")) {
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      for (const text of svg.querySelectorAll("text")) {
        if (text.getBoundingClientRect().width === 0 || !text.textContent?.trim()) continue;
        const px = parseFloat(getComputedStyle(text).fontSize) * scale;
        sizes.push({ card: svg.closest(".figure-card")!.id, px, text: text.textContent });
      }
    }
    return sizes.sort((a, b) => a.px - b.px).slice(0, 3);
  });

describe.skipIf(noRealData)("the report site on a 390 px phone", () => {
  site = useSite();

  it.each(PAGES)("%s: every control is a touch target of at least 44 × 44 px", async (path) => {
    const visit = await site.visit(path, PHONE);
    try {
      await pageDrawn(visit.page, path);
      // The collapsed parts too: their contents are controls once open.
      await visit.page.evaluate(() =>
        document
          .querySelectorAll<HTMLDetailsElement>("#observablehq-main details")
          .forEach((d) => (d.open = true)),
      );
      expect(await smallTargets(visit.page)).toEqual([]);
      // The page list, opened.
      await visit.page.locator("#kc-menu").click();
      // why polls, not a fixed wait: the list slides in; on a loaded machine 300 ms may not be enough
      await expect
        .poll(() => visit.page.locator("#kc-menu").getAttribute("aria-expanded"))
        .toBe("true");
      await visit.page.locator("#observablehq-sidebar a").first().waitFor({ state: "visible" });
      await visit.page.waitForTimeout(300);
      expect(await smallTargets(visit.page)).toEqual([]);
      expect(visit.problems).toEqual([]);
    } finally {
      await visit.close();
    }
  });

  it("has a top bar with the site's name and a menu that opens the page list, by touch and keyboard", async () => {
    const visit = await site.visit("/challenges", PHONE);
    const { page } = visit;
    try {
      await pageDrawn(page, "/challenges");
      const header = page.locator("#observablehq-header");
      expect(await header.isVisible()).toBe(true);
      expect(await header.locator(".kc-site-name").textContent()).toBe("kube-census");
      const menu = page.locator("#kc-menu");
      const link = page.locator("#observablehq-sidebar a", { hasText: "Storage" });
      const onScreen = async () => {
        const box = await link.boundingBox();
        return (await link.isVisible()) && box !== null && box.x >= 0 && box.x < 390;
      };
      expect(await menu.getAttribute("aria-expanded")).toBe("false");
      expect(await onScreen()).toBe(false);
      // A tap opens the list; Escape closes it and gives the focus back to the button.
      // why polls, not fixed waits: the list slides; a loaded machine may take longer than 300 ms
      await menu.click();
      await expect.poll(() => menu.getAttribute("aria-expanded")).toBe("true");
      await expect.poll(onScreen).toBe(true);
      await page.keyboard.press("Escape");
      await expect.poll(() => menu.getAttribute("aria-expanded")).toBe("false");
      await expect.poll(onScreen).toBe(false);
      expect(await page.evaluate(() => document.activeElement?.id)).toBe("kc-menu");
      // The keyboard alone: Enter on the focused button opens it, a link navigates.
      await page.keyboard.press("Enter");
      await expect.poll(() => menu.getAttribute("aria-expanded")).toBe("true");
      await expect.poll(onScreen).toBe(true);
      await link.focus();
      await Promise.all([page.waitForURL(/\/storage$/), page.keyboard.press("Enter")]);
      expect(await page.locator(".figure-slot[data-figure='fig-2-2']").count()).toBe(1);
      expect(await page.locator("#kc-menu").getAttribute("aria-expanded")).toBe("false");
      expect(visit.problems).toEqual([]);
    } finally {
      await visit.close();
    }
  });

  it("has no top bar on a desktop, where the page list sits beside the page", async () => {
    const visit = await site.visit("/challenges", { width: 1200 });
    try {
      expect(await visit.page.locator("#observablehq-header").isVisible()).toBe(false);
      expect(
        await visit.page.locator("#observablehq-sidebar a", { hasText: "Storage" }).isVisible(),
      ).toBe(true);
    } finally {
      await visit.close();
    }
  });

  it.each([
    "/deployment-size",
    "/stack-today",
    "/scorecard",
    "/landscape",
    "/methods",
    "/trends",
    "/explorer",
  ])("%s: no table is wider than the phone, or its label column stays in view", async (path) => {
    const visit = await site.visit(path, PHONE);
    try {
      await pageDrawn(visit.page, path);
      await visit.page.evaluate(() =>
        document
          .querySelectorAll<HTMLDetailsElement>("#observablehq-main details")
          .forEach((d) => (d.open = true)),
      );
      const problems = await visit.page.evaluate((width) => {
        const found: string[] = [];
        const tables = [...document.querySelectorAll<HTMLTableElement>("#observablehq-main table")];
        for (const [i, table] of tables.entries()) {
          const box = table.getBoundingClientRect();
          if (box.width === 0) continue;
          const name = `${table.closest("[id]")?.id ?? "main"} table ${i}`;
          if (table.hasAttribute("data-cards")) {
            if (box.right > width + 0.5) found.push(`${name}: cards end at ${box.right}`);
            // Each value under its column's name.
            const heads = [...table.tHead!.rows[0]!.cells].map((c) => c.textContent!.trim());
            for (const row of table.tBodies[0]?.rows ?? [])
              [...row.cells].forEach((cell, k) => {
                if (cell.dataset.label !== heads[k])
                  found.push(`${name}: cell ${k} labelled ${cell.dataset.label}, not ${heads[k]}`);
              });
            continue;
          }
          // A table that keeps its columns scrolls in its own box, its label column in view.
          const scroller = [table, table.parentElement!].find((e) => e.scrollWidth > e.clientWidth);
          if (box.right <= width + 0.5 || !scroller) {
            if (box.right > width + 0.5) found.push(`${name}: ends at ${box.right}`);
            continue;
          }
          scroller.scrollLeft = scroller.scrollWidth;
          const label = table.tBodies[0]?.rows[0]?.cells[0]?.getBoundingClientRect();
          if (label && (label.left < -0.5 || label.right > width + 0.5))
            found.push(`${name}: label column out of view after scrolling (${label.left})`);
        }
        if (document.documentElement.scrollWidth > width)
          found.push(`page ${document.documentElement.scrollWidth} px wide`);
        return found;
      }, WIDTH);
      expect(problems).toEqual([]);
      // The figure cards' tables of drawn values are cards: each row a box of its own.
      if (path === "/deployment-size") {
        const display = await visit.page
          .locator("#fig-1-1 details.drawn-values tbody tr")
          .first()
          .evaluate((tr) => getComputedStyle(tr).display);
        expect(display).not.toBe("table-row");
      }
    } finally {
      await visit.close();
    }
  });

  it.each(FIGURE_PAGES)("%s: chart text is at least 12 px, prerendered and drawn", async (path) => {
    // The build's card, as the HTML has it (no script runs).
    const still = await site.visit(path, { ...PHONE, javaScriptEnabled: false });
    try {
      const smallest = await smallestChartText(still.page);
      expect(smallest.length).toBeGreaterThan(0);
      expect(smallest[0]!.px, JSON.stringify(smallest)).toBeGreaterThanOrEqual(11.95);
    } finally {
      await still.close();
    }
    const visit = await site.visit(path, PHONE);
    try {
      await pageDrawn(visit.page, path);
      const smallest = await smallestChartText(visit.page);
      expect(smallest.length).toBeGreaterThan(0);
      expect(smallest[0]!.px, JSON.stringify(smallest)).toBeGreaterThanOrEqual(11.95);
    } finally {
      await visit.close();
    }
  });

  it("the 2020 stack page lists the book's layers, as many as the database holds", async () => {
    const layers = await withRealDatabase(async (query) =>
      (await query("SELECT DISTINCT layer FROM tns_stack ORDER BY layer")).map((r) =>
        String(r.layer),
      ),
    );
    expect(layers).toHaveLength(11);
    const visit = await site.visit("/stack-today", PHONE);
    try {
      await pageDrawn(visit.page, "/stack-today");
      const listed = visit.page.locator("table.stack-layers tbody tr");
      await listed.first().waitFor();
      const names = (await listed.locator("th").allTextContents()).map((t) => t.trim());
      expect([...names].sort()).toEqual(layers);
      for (const row of await listed.all()) expect(await row.isVisible()).toBe(true);
      expect(await visit.page.locator("#observablehq-main").textContent()).toContain("11 layers");
      // Each links to its own section.
      await visit.page.locator("table.stack-layers a", { hasText: layers[0] }).click();
      expect(visit.page.url()).toMatch(/#layer-/);
    } finally {
      await visit.close();
    }
  });

  interface Row {
    year: number;
    segment: string;
    category: string;
    sample: string;
    source: string;
    notes: { kind: string; text: string }[];
  }
  const rowsOf = async (id: string): Promise<Row[]> =>
    JSON.parse(await readFile(join(siteDataDir, "figures", `${id}.json`), "utf8")).result.rows;

  it.each([
    // Bars by year (2022's whole sample), the trend in 2022's community part.
    [
      "/deployment-size",
      "fig-1-1",
      (r: Row) => r.sample === "all",
      (r: Row) => (r.year === 2022 ? "2022" : null),
    ],
    // Bars per option and region in 2022.
    [
      "/trends",
      "kubernetes-use",
      (r: Row) => r.sample === "all" && r.year === 2022,
      (r: Row) => `${r.category}, ${r.segment}, 2022`,
    ],
  ] as const)(
    "%s %s: notes listed once per card, the panel note first and marked on exactly the bars it affects",
    async (path, id, inBars, markName) => {
      const rows = await rowsOf(id);
      const bars = rows.filter(inBars);
      const panel = bars
        .find((r) => r.year === 2022 && r.source === "computed")!
        .notes.find((n) => n.kind === "panel")!;
      expect(panel.text).toMatch(/paid panel/);
      const visit = await site.visit(path, { width: 1200 });
      try {
        await pageDrawn(visit.page, path);
        const card = visit.page.locator(`#${id}`);
        const items = await card.locator(".notes li").allTextContents();
        // One list per card: each note once, the panel note first.
        expect(await card.locator(".notes").count()).toBe(1);
        expect(new Set(items).size).toBe(items.length);
        expect(items[0]).toContain(panel.text);
        expect(await card.locator(".notes li").first().getAttribute("data-kind")).toBe("panel");
        // Marked on exactly the drawn bars whose row carries it.
        const expected = bars
          .filter((r) => r.notes.some((n) => n.kind === panel.kind && n.text === panel.text))
          .map(markName)
          .filter((n) => n !== null)
          .sort();
        expect(expected.length).toBeGreaterThan(0);
        const titles = await card
          .locator(".chart [aria-description='note marks'] text title")
          .allTextContents();
        const marked = titles.map((t) => t.slice(0, t.lastIndexOf(": note "))).sort();
        expect(marked).toEqual(expected);
        for (const t of titles) expect(t).toContain(": note 1, ");
        // The key explains the mark.
        expect(await card.locator(".chart-key .key-note-mark").textContent()).toMatch(
          /‡1\s*on a bar: note 1/,
        );
        expect(visit.problems).toEqual([]);
      } finally {
        await visit.close();
      }
    },
  );
});
