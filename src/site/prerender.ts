// After `observable build`: what a page's first paint needs, put into its HTML. Every slot the
// page names (src/site/slots.ts: a figure card's default view, the overview's headlines) is drawn
// in, so it shows at first paint instead of after the modules and the data have loaded; the
// figure data the interactive cards wait for are preloaded; and the stylesheet is inlined, so the
// first paint waits for no other response.
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { JSDOM, VirtualConsole } from "jsdom";
import { withBrowserGlobals } from "./browser-globals.ts";
import { figureSlot, importComponent, SLOT_KINDS } from "./slots.ts";
import { siteDataDir } from "./write-site-data.ts";

export { PRERENDER_WIDTH } from "./slots.ts";

type FigureFile = { definition: { id: string } };

/** A figure's file, relative to docs/data/generated/: its id, or undefined for another file. */
const figureId = (path: string) => /^figures\/([\w.-]+)\.json$/.exec(path)?.[1];

/**
 * Draws every slot in one page's HTML with the site's own components (for a figure card
 * docs/components/figureView.js, hence the same Plot code as in the browser), in jsdom, and
 * returns the page with the drawings inside their slots. jsdom serializes text as text: a label
 * like `<script>` arrives escaped. `read` gives a figure's JSON file by id, `readAsset` a file
 * of the built site by the page's href (to inline the stylesheet; left linked without it), and
 * `readData` any site data file by its path under docs/data/generated/ (figures through `read`
 * without it).
 */
export async function prerenderPage(
  html: string,
  read: (id: string) => Promise<FigureFile>,
  url = "http://localhost/",
  readAsset?: (href: string) => Promise<string>,
  readData: (path: string) => Promise<unknown> = (path) => {
    const id = figureId(path);
    if (!id) throw new Error(`${path}: only figure files can be read here`);
    return read(id);
  },
): Promise<string> {
  // jsdom's CSS parser knows no color-mix() or @container and says so for every page; the
  // stylesheet is only carried into the HTML, never applied here, so that error is no problem.
  const virtualConsole = new VirtualConsole();
  virtualConsole.on("jsdomError", (e) => {
    if (!e.message.startsWith("Could not parse CSS stylesheet")) console.error(e);
  });
  const dom = new JSDOM(html, { url, virtualConsole });
  const { window } = dom;
  const slots = SLOT_KINDS.flatMap((kind) =>
    [...window.document.querySelectorAll<HTMLElement>(kind.selector)].map((element) => ({
      kind,
      element,
      files: kind.files(element),
    })),
  );
  // A file that only slots drawn complete here need is not preloaded: the first paint has it.
  const preloaded = new Set(slots.filter((s) => s.kind.preload).flatMap((s) => s.files));
  const notNeeded = new Set(
    slots.flatMap((s) => (s.kind.preload ? [] : s.files)).filter((f) => !preloaded.has(f)),
  );
  const preloads = preloadFigureData(window.document, notNeeded);
  if (slots.length === 0 && preloads === 0) return html;
  if (readAsset) await inlineStylesheets(window.document, readAsset);
  if (slots.length === 0) return dom.serialize();
  const drawings = await Promise.all(
    slots.map(async (s) => ({
      ...s,
      module: await importComponent(s.kind.component(s.element)),
      data: await Promise.all(s.files.map(readData)),
    })),
  );
  withBrowserGlobals(window, () => {
    for (const { kind, element, module, data } of drawings) kind.draw(module, element, data);
  });
  // Each card wrote its default view into the (jsdom) address, as it does in the browser.
  const figureIds = slots
    .filter((s) => s.kind === figureSlot)
    .map((s) => s.element.dataset.figure!);
  if (figureIds.length) guardSavedViews(window.document, figureIds, window.location.search);
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
 * Adds a preload for each figure file the page registers but those in `skip` (by their path under
 * docs/data/generated/), so the data download starts with the HTML rather than after the module
 * graph that asks for it. `as=fetch crossorigin` matches FileAttachment's fetch(), so the browser
 * reuses the response.
 */
function preloadFigureData(document: Document, skip: Set<string>): number {
  const script = [...document.querySelectorAll("head script[type=module]")]
    .map((s) => s.textContent)
    .join("\n");
  const paths = [
    ...script.matchAll(/"path":"(\.\/_file\/data\/generated\/figures\/[\w.-]+\.json)"/g),
  ]
    .map((m) => m[1]!)
    // ./_file/data/generated/figures/fig-1-1.c293129c.json is figures/fig-1-1.json.
    .filter(
      (path) => !skip.has(path.replace(/^\.\/_file\/data\/generated\/(.*)\.\w+\.json$/, "$1.json")),
    );
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
  const readData = async (path: string): Promise<unknown> =>
    JSON.parse(await readFile(join(dataDir, path), "utf8"));
  const read = (id: string) => readData(`figures/${id}.json`) as Promise<FigureFile>;
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
      readData,
    );
    if (out !== html) {
      await writeFile(file, out);
      pages++;
    }
  }
  return pages;
}
