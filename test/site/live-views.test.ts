import { JSDOM, VirtualConsole } from "jsdom";
import { beforeAll, describe, expect, it } from "vitest";
import { bundleBrowserModules } from "../../src/site/bundle-browser.ts";
import { prerenderPage } from "../../src/site/prerender.ts";
import { noRealData } from "../support/databases.ts";
import { useSite } from "../support/site.ts";

/**
 * The explorer and landscape pages (issue 18): each loads one bundle besides Framework's three
 * modules (they loaded ~49 modules, mostly single d3 files, each a round trip on a phone), asks
 * nothing of another host, and has its default view in the HTML as served, the same view the
 * live card then draws.
 */
const PAGES = [
  {
    path: "/explorer",
    bundle: "explorer-page",
    live: "#explorer",
    stand: ".live-slot[data-live=explorer] > .explorer-card[data-prerendered]",
    // The banner table: the same rows and cells, prerendered or live.
    shown: "table tbody tr",
  },
  {
    path: "/landscape",
    bundle: "landscape-page",
    live: "#landscape-explorer",
    stand: ".live-slot[data-live=landscape] > .landscape-card[data-prerendered]",
    // The summary line and the first 200 matching items.
    shown: "p.summary, .items tbody tr",
  },
];
// Framework's client, runtime and standard library, and the page's bundle.
const MAX_MODULES = 4;

const texts = (root: ParentNode, selector: string) =>
  [...root.querySelectorAll(selector)].map((e) => e.textContent!.replace(/\s+/g, " ").trim());

describe.skipIf(noRealData)("the explorer and landscape pages", () => {
  const site = useSite();

  it.each(PAGES)("$path loads one bundle and only from its own host", async (page) => {
    const scripts: string[] = [];
    const visit = await site.visit(page.path, {
      waitUntil: "networkidle",
      before: (p) => p.on("request", (r) => r.resourceType() === "script" && scripts.push(r.url())),
    });
    try {
      await visit.page.locator(`${page.live} ${page.shown}`).first().waitFor();
      expect(
        scripts.filter((u) => u.includes(`/${page.bundle}.`)),
        scripts.join("\n"),
      ).toHaveLength(1);
      expect(scripts.length, scripts.join("\n")).toBeLessThanOrEqual(MAX_MODULES);
      expect(scripts.filter((u) => /\/_npm\/|\/_node\//.test(u))).toEqual([]);
      // watchProblems: console and page errors, failed requests, requests to another host.
      expect(visit.problems).toEqual([]);
    } finally {
      await visit.close();
    }
  });

  it.each(PAGES)("$path has its default view in the HTML, the live card's", async (page) => {
    // A console of its own: jsdom cannot parse the inlined stylesheet, and need not.
    const html = await (await fetch(`${site.base}${page.path}`)).text();
    const served = new JSDOM(html, { virtualConsole: new VirtualConsole() }).window.document;
    const stand = served.querySelector(page.stand);
    expect(stand, "the prerendered stand-in").not.toBeNull();
    // Only the live card carries the id the page's links and tests look for.
    expect(served.querySelector(page.live)).toBeNull();
    expect(
      [...stand!.querySelectorAll("select, input")].every((c) => c.hasAttribute("disabled")),
    ).toBe(true);
    const prerendered = texts(stand!, page.shown);
    expect(prerendered.length).toBeGreaterThan(5);
    const visit = await site.visit(page.path);
    try {
      const card = visit.page.locator(page.live);
      await card.locator(page.shown).first().waitFor();
      expect(await visit.page.locator("[data-prerendered]").count()).toBe(0);
      const live = await card.evaluate(
        (e, selector) =>
          [...e.querySelectorAll(selector)].map((x) => x.textContent!.replace(/\s+/g, " ").trim()),
        page.shown,
      );
      expect(live).toEqual(prerendered);
      expect(visit.problems).toEqual([]);
    } finally {
      await visit.close();
    }
  });

  it("hides a stand-in when the link holds another view, until the live card replaces it", async () => {
    const visit = await site.visit("/explorer?explorer.q=k8s_clusters&explorer.by=year", {
      // The bundle blocked: the live card never comes, so what shows is the stand-in as guarded.
      before: (p) => p.route(/explorer-page\.\w+\.js$/, (r) => r.abort()),
      waitUntil: "domcontentloaded",
    });
    try {
      expect(await visit.page.getAttribute("html", "data-saved-live")).toBe("explorer");
      const stand = visit.page.locator(".explorer-card[data-prerendered]");
      await expect.poll(() => stand.locator("p.restoring").isVisible()).toBe(true);
      expect(await stand.locator("table.crosstab").isVisible()).toBe(false);
    } finally {
      await visit.close();
    }
    const plain = await site.visit("/explorer", {
      before: (p) => p.route(/explorer-page\.\w+\.js$/, (r) => r.abort()),
      waitUntil: "domcontentloaded",
    });
    try {
      expect(await plain.page.getAttribute("html", "data-saved-live")).toBeNull();
      expect(
        await plain.page.locator(".explorer-card[data-prerendered] table.crosstab").isVisible(),
      ).toBe(true);
    } finally {
      await plain.close();
    }
  });
});

const HOSTILE = "<script>alert(1)</script>";

describe("the build's live slots", () => {
  // The landscape component imports the browser bundle (the CLI's filters); a fresh clone has none.
  beforeAll(() => bundleBrowserModules(), 120_000);

  it("draw the landscape's default view, text as text, and ask for the newest snapshot", async () => {
    const files: Record<string, unknown> = {
      "landscape/overview.json": {
        snapshots: ["2024-12-31", "2025-12-31"],
        categoryCounts: ["2024-12-31", "2025-12-31"].map((snapshot, i) => ({
          snapshot,
          category: `Runtime ${HOSTILE}`,
          items: 1 + i,
        })),
      },
      "landscape/timeline.json": [],
      "landscape/items-2025-12-31.json": [
        {
          snapshot: "2025-12-31",
          category: `Runtime ${HOSTILE}`,
          subcategory: "Container Runtime",
          name: `Name ${HOSTILE}`,
          maturity: null,
          organization: null,
          homepage_url: "javascript:alert(1)",
          description: `Description <img src=x onerror=alert(1)>`,
        },
      ],
    };
    const read: string[] = [];
    const page =
      '<!DOCTYPE html><html><head><script type="module">' +
      'registerFile("data/generated/landscape/items-2025-12-31.json", {"path":"./_file/data/generated/landscape/items-2025-12-31.0a1b2c3d.json"});' +
      'registerFile("data/generated/landscape/items-2024-12-31.json", {"path":"./_file/data/generated/landscape/items-2024-12-31.0a1b2c3d.json"});' +
      '</script></head><body><div class="live-slot" data-live="landscape"></div></body></html>';
    const html = await prerenderPage(page, async (path) => {
      read.push(path);
      if (!(path in files)) throw new Error(`no fixture for ${path}`);
      return files[path];
    });
    // Only the newest snapshot: the one the page's live card loads first, so it is preloaded.
    expect(read.filter((p) => p.startsWith("landscape/items-"))).toEqual([
      "landscape/items-2025-12-31.json",
    ]);
    // Text is serialized as text (an attribute may hold "<", which HTML never reads as a tag).
    const { document } = new JSDOM(html).window;
    expect(document.body.querySelectorAll("script, img")).toHaveLength(0);
    expect(document.querySelector("[href^='javascript:']")).toBeNull();
    expect(document.querySelector(".items tbody")!.textContent).toContain(
      "Description <img src=x onerror=alert(1)>",
    );
    expect(
      [...document.querySelectorAll("link[rel=preload]")].map((l) => l.getAttribute("href")),
    ).toEqual(["./_file/data/generated/landscape/items-2025-12-31.0a1b2c3d.json"]);
    const stand = document.querySelector(".live-slot > .landscape-card[data-prerendered]")!;
    expect(stand).not.toBeNull();
    expect(stand.id).toBe("");
    expect(stand.querySelector(".items tbody td")!.textContent).toContain(`Name ${HOSTILE}`);
    expect(stand.querySelector("p.summary")!.textContent).toBe(
      "1 of 1 entries in the 2025-12-31 snapshot.",
    );
    expect(document.querySelector("head style")!.textContent).toContain(
      'html[data-saved-live~="landscape"]',
    );
  });
});
