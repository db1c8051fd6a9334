// After `observable build`: what a figure page's first paint needs, put into its HTML. Every
// figure card's default view is drawn in, so the first chart shows at first paint instead of
// after the modules and the data have loaded; the figure data are preloaded; and the stylesheet
// is inlined, so the first paint waits for no other response.
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { JSDOM, VirtualConsole } from "jsdom";
import { projectRoot } from "../paths.ts";
import { siteDataDir } from "./write-site-data.ts";

/** The card markup a page names: `<div class="figure-slot" data-figure="fig-2-4">`. */
const SLOT = ".figure-slot[data-figure]";
/**
 * The width a card is drawn at before any layout exists: the chart column of a 1200 px wide
 * window. The SVG scales down on narrower screens; the interactive card redraws at the real width.
 */
export const PRERENDER_WIDTH = 798;

type FigureFile = { definition: { id: string } };
type FigureViewModule = {
  FigureView: (figure: FigureFile, options: object) => HTMLElement;
  slotOptions: (slot: HTMLElement) => object;
};

// The browser globals the components use (htl, Plot, the URL state); set only while drawing.
const DOM_CLASSES = ["Node", "NodeList", "HTMLCollection"] as const;
const GLOBALS = ["window", "document", "location", "history", "ResizeObserver", ...DOM_CLASSES];

/**
 * Draws the card of every figure slot in one page's HTML with the site's own component
 * (docs/components/figureView.js, hence the same Plot code as in the browser), in jsdom, and
 * returns the page with the cards inside their slots. jsdom serializes text as text: a label
 * like `<script>` arrives escaped. `read` gives a figure's JSON file by id, `readAsset` a file
 * of the built site by the page's href (to inline the stylesheet; left linked without it).
 */
export async function prerenderPage(
  html: string,
  read: (id: string) => Promise<FigureFile>,
  url = "http://localhost/",
  readAsset?: (href: string) => Promise<string>,
): Promise<string> {
  // jsdom's CSS parser knows no color-mix() or @container and says so for every page; the
  // stylesheet is only carried into the HTML, never applied here, so that error is no problem.
  const virtualConsole = new VirtualConsole();
  virtualConsole.on("jsdomError", (e) => {
    if (!e.message.startsWith("Could not parse CSS stylesheet")) console.error(e);
  });
  const dom = new JSDOM(html, { url, virtualConsole });
  const { window } = dom;
  const slots = [...window.document.querySelectorAll<HTMLElement>(SLOT)];
  const preloads = preloadFigureData(window.document);
  if (slots.length === 0 && preloads === 0) return html;
  if (readAsset) await inlineStylesheets(window.document, readAsset);
  if (slots.length === 0) return dom.serialize();
  const figures = await Promise.all(slots.map((s) => read(s.dataset.figure!)));
  const view: FigureViewModule = await import(
    pathToFileURL(join(projectRoot, "docs/components/figureView.js")).href
  );
  const global = globalThis as Record<string, unknown>;
  const saved = GLOBALS.map((name) => [name, Object.getOwnPropertyDescriptor(global, name)]);
  Object.assign(global, {
    window,
    document: window.document,
    ...Object.fromEntries(DOM_CLASSES.map((name) => [name, window[name]])),
    location: window.location,
    history: window.history,
    // No layout in jsdom, so nothing is ever resized.
    ResizeObserver: class {
      observe() {}
      disconnect() {}
    },
  });
  try {
    slots.forEach((slot, i) => {
      const card = view.FigureView(figures[i]!, {
        ...view.slotOptions(slot),
        width: PRERENDER_WIDTH,
      });
      // Marks the card as the static stand-in the browser replaces (tests and the bench look
      // for it); its controls do nothing until then, so they say so.
      card.setAttribute("data-prerendered", "");
      for (const control of card.querySelectorAll<HTMLInputElement>("select, input"))
        control.disabled = true;
      // Downloads are blob: URLs of this process; the interactive card makes its own.
      for (const link of card.querySelectorAll("a[download]")) link.removeAttribute("href");
      slot.replaceChildren(card);
    });
  } finally {
    for (const [name, descriptor] of saved)
      if (descriptor) Object.defineProperty(global, name as string, descriptor);
      else delete global[name as string];
  }
  return dom.serialize();
}

/**
 * Adds a preload for each figure file the page registers, so the data download starts with the
 * HTML rather than after the module graph that asks for it. `as=fetch crossorigin` matches
 * FileAttachment's fetch(), so the browser reuses the response.
 */
function preloadFigureData(document: Document): number {
  const script = [...document.querySelectorAll("head script[type=module]")]
    .map((s) => s.textContent)
    .join("\n");
  const paths = [
    ...script.matchAll(/"path":"(\.\/_file\/data\/generated\/figures\/[\w.-]+\.json)"/g),
  ].map((m) => m[1]!);
  const anchor = document.querySelector("head link[rel=modulepreload]");
  for (const href of new Set(paths)) {
    const link = document.createElement("link");
    for (const [name, value] of Object.entries({
      rel: "preload",
      as: "fetch",
      crossorigin: "anonymous",
      href,
    }))
      link.setAttribute(name, value);
    document.head.insertBefore(link, anchor);
    document.head.insertBefore(document.createTextNode("\n"), anchor);
  }
  return paths.length;
}

/**
 * Replaces the page's stylesheet links with the stylesheet itself. It is small (~6 KB gzipped)
 * and holds only data: URLs, but as a separate request it came after the HTML and, on a busy
 * machine, behind the modules: the page could not paint before it.
 */
async function inlineStylesheets(
  document: Document,
  readAsset: (href: string) => Promise<string>,
): Promise<void> {
  for (const link of document.querySelectorAll<HTMLLinkElement>("head link[rel=stylesheet]")) {
    const href = link.getAttribute("href")!;
    const css = await readAsset(href);
    if (/<\/style/i.test(css) || /url\((?!["']?data:)/.test(css))
      throw new Error(`${href} cannot be inlined: it closes a <style> or has a relative url()`);
    const style = document.createElement("style");
    style.textContent = css;
    link.replaceWith(style);
    document.querySelector(`head link[rel=preload][as=style][href="${href}"]`)?.remove();
  }
}

/** Prerenders every page of a built site in place, from the site's data files. */
export async function prerenderSite(dist: string, dataDir = siteDataDir): Promise<number> {
  const read = async (id: string) =>
    JSON.parse(await readFile(join(dataDir, "figures", `${id}.json`), "utf8")) as FigureFile;
  let pages = 0;
  for (const name of await readdir(dist)) {
    if (!name.endsWith(".html")) continue;
    const file = join(dist, name);
    const html = await readFile(file, "utf8");
    const out = await prerenderPage(
      html,
      read,
      `http://localhost/${name.replace(/\.html$/, "")}`,
      (href) => readFile(join(dist, href), "utf8"),
    );
    if (out !== html) {
      await writeFile(file, out);
      pages++;
    }
  }
  return pages;
}
