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
  let defaultViews: string;
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
      // Shown instead of the default view when the address holds another (guardSavedViews).
      const restoring = window.document.createElement("p");
      restoring.className = "restoring";
      restoring.hidden = true;
      restoring.textContent = "Drawing the view this link holds…";
      card.querySelector("h2")!.after(restoring);
      slot.replaceChildren(card);
    });
    // Each card wrote its default view into the (jsdom) address, as it does in the browser.
    defaultViews = window.location.search;
  } finally {
    for (const [name, descriptor] of saved)
      if (descriptor) Object.defineProperty(global, name as string, descriptor);
      else delete global[name as string];
  }
  guardSavedViews(
    window.document,
    slots.map((s) => s.dataset.figure!),
    defaultViews,
  );
  return dom.serialize();
}

/**
 * A link can hold a card's view (`?fig-2-4.year=2018`); the HTML holds only the default one.
 * Showing the default until the interactive card has drawn the saved view would show numbers
 * the link does not point at, so a script in the head, run before the body is parsed, marks
 * each card whose view in the address differs from its default, and a rule hides that
 * prerendered card's body (its title stays, the space is kept, a line says why) until it is
 * replaced. Without JavaScript the default view shows, as nothing could draw another.
 */
function guardSavedViews(document: Document, ids: string[], defaultViews: string): void {
  const marker = "data-saved-views";
  // Ids go into a selector and a script unquoted: they are the definitions' own, so plain.
  const odd = ids.find((id) => !/^[a-z][\w-]*$/.test(id));
  if (odd) throw new Error(`figure id ${JSON.stringify(odd)} is not a plain CSS identifier`);
  const script = document.createElement("script");
  script.id = "kc-saved-views";
  // A string, not a function's source: tsx would wrap a function in helpers the page lacks.
  // It compares each card's parameters, sorted, with its default view's, and marks only ids of
  // this page: nothing from the address is written anywhere.
  const json = (x: unknown) => JSON.stringify(x).replace(/</g, "\\u003c");
  script.textContent = `{
  const ids = ${json(ids)};
  const defaults = new URLSearchParams(${json(defaultViews)});
  const address = new URLSearchParams(location.search);
  const own = (params, id) =>
    [...params].filter(([k]) => k.startsWith(id + ".")).map(([k, v]) => k + "=" + v).sort().join("&");
  const saved = ids.filter((id) => own(address, id) !== "" && own(address, id) !== own(defaults, id));
  if (saved.length) document.documentElement.setAttribute("${marker}", saved.join(" "));
}`;
  const style = document.createElement("style");
  style.textContent = ids
    .map((id) => {
      const card = `html[${marker}~="${id}"] #${id}[data-prerendered]`;
      return `${card}>:not(h2,.restoring){visibility:hidden}${card}>.restoring{display:block}`;
    })
    .join("");
  // First in the head after the charset and viewport, so it has run before the body is parsed.
  const metas = document.head.querySelectorAll(":scope > meta");
  const anchor = metas.length ? metas[metas.length - 1]!.nextSibling : document.head.firstChild;
  document.head.insertBefore(style, anchor);
  document.head.insertBefore(script, style);
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
