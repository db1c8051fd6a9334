import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { JSDOM, VirtualConsole } from "jsdom";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../src/paths.ts";
import { sitePages } from "../../src/site/prerender.ts";
import { axeViolations } from "../support/axe.ts";
import { noRealData } from "../support/databases.ts";
import { decodePng, inkedPixels } from "../support/png.ts";
import { CARD_PAGES, useSite } from "../support/site.ts";

// Issue 18, items 2 and 3 on the built site (real data, real Chromium): a card's copied link lands
// on that card with its view and nothing of the other cards; every page carries link-preview tags
// whose image exists and is a PNG of a chart; an embed page draws one card with the address's
// view, without the site's chrome, and links back to the full card.

const dist = join(projectRoot, "dist");
const HEIGHT = 900;

/** Waits until every card of the page is the interactive one (none left from the build). */
const allInteractive = (page: Page, count: number) =>
  page.waitForFunction(
    (n) =>
      document.querySelectorAll(".figure-card").length === n &&
      document.querySelectorAll(".figure-card[data-prerendered]").length === 0,
    count,
    { timeout: 60_000 },
  );
const interactive = (page: Page, id: string) =>
  page.waitForFunction(
    (i) => {
      const card = document.getElementById(i);
      return card && !card.hasAttribute("data-prerendered") && card.querySelector(".chart svg");
    },
    id,
    { timeout: 60_000 },
  );
const chosen = (page: Page, id: string, label: string) =>
  page.locator(`#${id}`).getByLabel(label, { exact: true }).inputValue();

describe.skipIf(noRealData)("sharing a card", () => {
  const site = useSite();

  it("copies a link holding only that card's view; opened fresh, it lands on the card with that view", async () => {
    // The third card of its page: the two above it redraw (and may change height) after it.
    const PAGE = "/deployment-size";
    const [above, , ID] = CARD_PAGES[PAGE]!;
    const visit = await site.visit(PAGE, { permissions: ["clipboard-read", "clipboard-write"] });
    const { page } = visit;
    let link: string;
    try {
      await allInteractive(page, CARD_PAGES[PAGE]!.length);
      const defaultAbove = await chosen(page, above!, "Trend sample");
      // Another card's state in the address too: the link must not carry it.
      await page
        .locator(`#${above}`)
        .getByLabel("Trend sample", { exact: true })
        .selectOption("all");
      await page
        .locator(`#${ID}`)
        .getByLabel("Trend sample", { exact: true })
        .selectOption("panel");
      expect(page.url()).toContain(`${above}.sample=all`);
      const card = page.locator(`#${ID}`);
      const button = card.getByRole("button", { name: "Copy link" });
      await button.click();
      await expect.poll(() => card.getByRole("status").textContent()).toBe("Link copied");
      link = await page.evaluate(() => navigator.clipboard.readText());
      const url = new URL(link);
      expect(url.pathname).toBe(PAGE);
      // Only this card's parameters: the sample chosen, and (a card with a Year control writes
      // it always, so the link keeps its year when a newer survey becomes the default) its year.
      const params = [...url.searchParams].filter(([k]) => k !== `${ID}.year`);
      expect(params).toEqual([[`${ID}.sample`, "panel"]]);
      expect([...url.searchParams.keys()].every((k) => k.startsWith(`${ID}.`))).toBe(true);
      expect(url.hash).toBe(`#${ID}`);
      expect(defaultAbove).toBe("community");
    } finally {
      await visit.close();
    }

    const opened = await site.visit(link.slice(site.base.length));
    try {
      const { page } = opened;
      await allInteractive(page, CARD_PAGES[PAGE]!.length);
      // Everything above has redrawn; give layout a frame to settle.
      await page.evaluate(
        () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 300))),
      );
      const top = await page.locator(`#${ID}`).evaluate((e) => e.getBoundingClientRect().top);
      expect(top).toBeGreaterThanOrEqual(0);
      expect(top).toBeLessThan(HEIGHT / 2);
      expect(await page.evaluate(() => scrollY)).toBeGreaterThan(1000);
      expect(await chosen(page, ID!, "Trend sample")).toBe("panel");
      expect(await chosen(page, above!, "Trend sample")).toBe("community");
      expect(new URL(page.url()).search).not.toContain(`${above}.`);
      expect(opened.problems).toEqual([]);
    } finally {
      await opened.close();
    }
  }, 300_000);

  it("shows the link in a selected field where the clipboard is refused", async () => {
    const visit = await site.visit("/networking", {
      before: (page) =>
        page.addInitScript(() => {
          navigator.clipboard.writeText = () =>
            Promise.reject(new DOMException("refused", "NotAllowedError"));
        }),
    });
    const { page } = visit;
    try {
      await interactive(page, "fig-2-4");
      const card = page.locator("#fig-2-4");
      await card.getByLabel("Survey year", { exact: true }).selectOption("2018");
      await card.getByRole("button", { name: "Copy link" }).click();
      const field = card.getByLabel("Link to this view");
      await expect.poll(() => field.isVisible()).toBe(true);
      const value = await field.inputValue();
      expect(value).toBe(`${site.base}/networking?fig-2-4.year=2018#fig-2-4`);
      // Selected and focused: one keystroke copies it.
      expect(
        await field.evaluate(
          (e: HTMLInputElement) =>
            document.activeElement === e &&
            e.selectionStart === 0 &&
            e.selectionEnd === e.value.length,
        ),
      ).toBe(true);
      expect(visit.problems).toEqual([]);
    } finally {
      await visit.close();
    }
  }, 120_000);

  it("offers an iframe snippet of the embed page, which draws that view without the site's chrome, links back and is axe clean", async () => {
    const visit = await site.visit("/networking", { width: 390 });
    const { page } = visit;
    let src: string;
    try {
      await interactive(page, "fig-2-4");
      const card = page.locator("#fig-2-4");
      // Touch targets on a phone.
      for (const control of await card.locator(".share-button").all())
        expect((await control.boundingBox())!.height).toBeGreaterThanOrEqual(44);
      await card.getByLabel("Survey year", { exact: true }).selectOption("2018");
      await card.locator(".share-embed summary").click();
      // The snippet is written on the details' toggle event, which the browser fires after the click.
      const textarea = card.locator(".share-embed textarea");
      await expect.poll(() => textarea.inputValue()).toMatch(/^<iframe /);
      const snippet = await textarea.inputValue();
      const { document } = new JSDOM(`<body>${snippet}</body>`).window;
      const frame = document.querySelector("iframe")!;
      expect(document.body.children.length).toBe(1);
      expect(frame.getAttribute("title")).toBe((await card.locator("h2").textContent())!.trim());
      expect(Number(frame.getAttribute("height"))).toBeGreaterThan(400);
      src = frame.getAttribute("src")!;
      expect(src).toBe(`${site.base}/embed/fig-2-4?fig-2-4.year=2018`);
    } finally {
      await visit.close();
    }

    const embed = await site.visit(src.slice(site.base.length));
    try {
      const { page } = embed;
      // The build drew the card into the embed page's HTML, like any page's.
      const html = await readFile(join(dist, "embed", "fig-2-4.html"), "utf8");
      expect(html).toMatch(/<div class="figure-slot embed-slot"[^>]*data-figure="fig-2-4"/);
      expect(html).toContain('id="fig-2-4" data-figure="fig-2-4" data-prerendered');
      await interactive(page, "fig-2-4");
      expect(await page.title()).toMatch(/^Kubernetes ingress providers/);
      expect(await chosen(page, "fig-2-4", "Survey year")).toBe("2018");
      expect(await page.locator("#fig-2-4 .subtitle").textContent()).toMatch(/2018: n = \d/);
      expect(await page.locator(".chart svg [aria-label^='bar'] > *").count()).toBeGreaterThan(5);
      for (const chrome of [
        "#observablehq-sidebar",
        "#observablehq-sidebar-toggle",
        "#observablehq-header",
        "#observablehq-footer",
        "#observablehq-toc",
      ])
        expect(await page.locator(chrome).count(), chrome).toBe(0);
      expect(await page.locator(".figure-card").count()).toBe(1);
      const back = page.getByRole("link", { name: "Open this chart on kube-census" });
      const href = await back.evaluate((a: HTMLAnchorElement) => a.href);
      expect(href).toBe(`${site.base}/networking?fig-2-4.year=2018#fig-2-4`);
      expect(await axeViolations(page)).toEqual([]);
      expect(embed.problems).toEqual([]);
    } finally {
      await embed.close();
    }
  }, 300_000);

  it("puts link-preview tags on every page, pointing at a PNG of a chart that exists", async () => {
    const pages = await sitePages(dist);
    // Every page of the site and every embed page.
    expect(pages).toEqual(
      expect.arrayContaining(["index.html", "methods.html", "embed/fig-2-4.html"]),
    );
    expect(pages.filter((p) => p.startsWith("embed/")).length).toBe(
      Object.values(CARD_PAGES).flat().length,
    );
    const images = new Map<string, { width: number; height: number }>();
    for (const name of pages) {
      const path = `/${name.replace(/\.html$/, "").replace(/^index$/, "")}`;
      const response = await fetch(`${site.base}${path}`);
      expect(response.status, path).toBe(200);
      const { document } = new JSDOM(await response.text(), {
        virtualConsole: new VirtualConsole(),
      }).window;
      // (jsdom's selector engine misses `meta[property=x], meta[name=x]`: a list of two.)
      const meta = (key: string) =>
        [...document.head.querySelectorAll("meta")]
          .find((m) => m.getAttribute("property") === key || m.getAttribute("name") === key)
          ?.getAttribute("content");
      expect(meta("og:title"), path).toBe(document.title.replace(/ \| kube-census$/, ""));
      expect(meta("og:title")!.length, path).toBeGreaterThan(3);
      expect(meta("description")!.length, path).toBeGreaterThan(30);
      expect(meta("og:description"), path).toBe(meta("description"));
      expect(meta("og:type"), path).toBe("website");
      expect(meta("twitter:card"), path).toBe("summary_large_image");
      expect(meta("og:image:alt"), path).toMatch(/^Chart: /);
      const image = meta("og:image")!;
      // No KUBE_CENSUS_SITE_URL in the tests' build: a root-relative path.
      expect(image, path).toMatch(/^\/_preview\/[\w-]+\.png$/);
      // A page with cards shows its first one; the others the site's picture.
      const first =
        CARD_PAGES[path]?.[0] ?? (path.startsWith("/embed/") ? path.slice(7) : "fig-1-1");
      expect(image, path).toBe(`/_preview/${first}.png`);
      if (!images.has(image)) {
        const file = await fetch(`${site.base}${image}`);
        expect(file.status, image).toBe(200);
        expect(file.headers.get("content-type")).toBe("image/png");
        const png = decodePng(Buffer.from(await file.arrayBuffer()));
        // Ink on a good share of the picture (a chart, not a blank or a title alone), and white
        // left around it.
        const inked = inkedPixels(png) / (png.width * png.height);
        expect(inked, image).toBeGreaterThan(0.04);
        expect(inked, image).toBeLessThan(0.6);
        images.set(image, png);
      }
      const png = images.get(image)!;
      expect([png.width, png.height]).toEqual([
        Number(meta("og:image:width")),
        Number(meta("og:image:height")),
      ]);
      expect([png.width, png.height]).toEqual([1200, 630]);
    }
    // Every card's picture, once each.
    expect(images.size).toBe(Object.values(CARD_PAGES).flat().length);
  }, 300_000);
});
