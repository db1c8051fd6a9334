// After `observable build`: what a page's first paint needs, put into its HTML. Every slot the
// page names (src/site/slots.ts: a figure card's default view, the overview's headlines, the
// explorer's and the landscape's default views) is drawn in, so it shows at first paint instead
// of after the modules and the data have loaded; the data the interactive cards wait for are
// preloaded; and the stylesheet is inlined, so the first paint waits for no other response.
import { readdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { JSDOM, VirtualConsole } from "jsdom";
import { withBrowserGlobals } from "./browser-globals.ts";
import { fillEmbedSlots } from "./embed-slots.ts";
import { importComponent, SLOT_KINDS } from "./slots.ts";
import { siteDataDir } from "./write-site-data.ts";

/**
 * Draws every slot in one page's HTML with the site's own components (for a figure card
 * docs/components/figureView.js, hence the same Plot code as in the browser), in jsdom, and
 * returns the page with the drawings inside their slots. jsdom serializes text as text: a label
 * like `<script>` arrives escaped. `readData` gives a site data file by its path under
 * docs/data/generated/ (`figures/fig-2-4.json`), `readAsset` a file of the built site by the
 * page's href (to inline the stylesheet; left linked without it).
 */
export async function prerenderPage(
  html: string,
  readData: (path: string) => Promise<unknown>,
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
  await fillEmbedSlots(window.document, url, readData);
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
  if (slots.length === 0) {
    if (preloadData(window.document, notNeeded, preloaded) === 0) return html;
    if (readAsset) await inlineStylesheets(window.document, readAsset);
    return dom.serialize();
  }
  if (readAsset) await inlineStylesheets(window.document, readAsset);
  const drawings = await Promise.all(
    slots.map(async (s) => ({
      ...s,
      module: await (s.kind.load?.(s.element) ?? importComponent(s.kind.component(s.element))),
      data: await Promise.all(s.files.map(readData)),
    })),
  );
  await withBrowserGlobals(window, async () => {
    for (const { kind, element, module, data } of drawings)
      await kind.draw(module, element, data, (path) => {
        // What a component asked for while drawing (the landscape's newest snapshot), the page's
        // live one will ask for too: preloaded like its named files.
        if (kind.preload) preloaded.add(path);
        return readData(path);
      });
  });
  preloadData(window.document, notNeeded, preloaded);
  for (const kind of SLOT_KINDS) {
    const drawn = slots.filter((s) => s.kind === kind).map((s) => s.element);
    if (drawn.length) kind.finish?.(window.document, drawn);
  }
  return dom.serialize();
}

/**
 * Adds a preload for each figure file the page registers but those in `skip`, and for each other
 * file in `also` (by their path under docs/data/generated/), so the data download starts with the
 * HTML rather than after the module graph that asks for it. `as=fetch crossorigin` matches
 * FileAttachment's fetch(), so the browser reuses the response.
 */
function preloadData(document: Document, skip: Set<string>, also: Set<string>): number {
  const script = [...document.querySelectorAll("head script[type=module]")]
    .map((s) => s.textContent)
    .join("\n");
  // ./_file/data/generated/figures/fig-1-1.c293129c.json is figures/fig-1-1.json; a page one level
  // down (embed/fig-2-4) names them from ../_file/.
  const nameOf = (path: string) =>
    path.replace(/^(?:\.\/|(?:\.\.\/)+)_file\/data\/generated\/(.*)\.\w+(\.\w+)$/, "$1$2");
  const paths = [
    ...script.matchAll(/"path":"((?:\.\/|(?:\.\.\/)+)_file\/data\/generated\/[\w./-]+)"/g),
  ]
    .map((m) => m[1]!)
    .filter((path) =>
      nameOf(path).startsWith("figures/") ? !skip.has(nameOf(path)) : also.has(nameOf(path)),
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

/**
 * The built pages, by their path under dist/ (`networking.html`, `embed/fig-2-4.html`): Framework's
 * own folders (`_file`, `_observablehq`, …) hold no page.
 */
export async function sitePages(dist: string): Promise<string[]> {
  const entries = await readdir(dist, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(".html"))
    .map((e) => relative(dist, join(e.parentPath ?? e.path, e.name)))
    .filter((path) => !path.startsWith("_"))
    .sort();
}

/** Prerenders every page of a built site in place, from the site's data files. */
export async function prerenderSite(dist: string, dataDir = siteDataDir): Promise<number> {
  // JSON parsed; any other file (the explorer's answers.bin) as the ArrayBuffer the page fetches.
  const readData = async (path: string): Promise<unknown> => {
    const bytes = await readFile(join(dataDir, path));
    if (path.endsWith(".json")) return JSON.parse(bytes.toString("utf8"));
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  };
  let pages = 0;
  for (const name of await sitePages(dist)) {
    const file = join(dist, name);
    const html = await readFile(file, "utf8");
    const out = await prerenderPage(
      html,
      readData,
      `http://localhost/${name.replace(/\.html$/, "")}`,
      // An href is relative to the page (../_observablehq/… on embed/fig-2-4).
      (href) => readFile(join(dist, dirname(name), href), "utf8"),
    );
    if (out !== html) {
      await writeFile(file, out);
      pages++;
    }
  }
  return pages;
}
