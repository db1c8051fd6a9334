// The slots a page names for the build to draw into, one kind per component: a kind says which
// elements are its slots, which component draws them and from which data files, and how the
// static stand-in is marked. src/site/prerender.ts finds the slots, reads the files, and draws
// every kind the same way (in jsdom, with the browser globals set); in the browser the page's
// own code draws the same component into the same slot and replaces the stand-in.
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { projectRoot } from "../paths.ts";
import { figures } from "../survey/registry.ts";
import { overviewFiles } from "./figure-docs.ts";
import { addRestoringLine, guardSavedViews } from "./saved-views.ts";
import type { FigureFile } from "./site-data-types.ts";

/** A component module, as the build imports it. */
type Module = Record<string, unknown>;

export interface SlotKind {
  /** The slot elements in a page's HTML. */
  selector: string;
  /** The module that draws the slot, from the project root. */
  component(slot: HTMLElement): string;
  /** What `draw` receives as its module, when more than the component (an engine, say). */
  load?(slot: HTMLElement): Promise<Module>;
  /** The site data files it draws from, relative to docs/data/generated/. */
  files(slot: HTMLElement): string[];
  /**
   * Whether the page should preload them: yes when its interactive version still waits for them
   * to replace a stand-in that is not the same; no when the stand-in is all the page shows.
   */
  preload: boolean;
  /**
   * Draws the stand-in into the slot, with the module and the files' contents (in `files` order);
   * `read` gives any other site data file (by its path under docs/data/generated/) the component
   * asks for while it draws.
   */
  draw(
    module: Module,
    slot: HTMLElement,
    data: unknown[],
    read: (path: string) => Promise<unknown>,
  ): void | Promise<void>;
  /** What the page needs once every slot of this kind on it is drawn (its head, say). */
  finish?(document: Document, slots: HTMLElement[]): void;
}

/**
 * The width a card is drawn at before any layout exists: the chart column of a 1200 px wide
 * window. The SVG scales down on narrower screens; the interactive card redraws at the real width.
 */
export const PRERENDER_WIDTH = 798;

type FigureViewModule = {
  FigureView: (figure: FigureFile, options: object) => HTMLElement;
  slotOptions: (slot: HTMLElement) => object;
};

/**
 * A figure card: `<div class="figure-slot" data-figure="fig-2-4">`, drawn by FigureView
 * (docs/components/figureView.js) at its default view; the page's `hydrateFigure` replaces it.
 */
export const figureSlot: SlotKind = {
  selector: ".figure-slot[data-figure]",
  component: () => "docs/components/figureView.js",
  files: (slot) => [`figures/${slot.dataset.figure}.json`],
  preload: true,
  draw(module, slot, [figure]) {
    const view = module as FigureViewModule;
    const card = view.FigureView(figure as FigureFile, {
      ...view.slotOptions(slot),
      width: PRERENDER_WIDTH,
    });
    // Marks the card as the static stand-in the browser replaces (tests and the bench look
    // for it); its controls do nothing until then, so they say so.
    card.setAttribute("data-prerendered", "");
    for (const control of card.querySelectorAll<HTMLInputElement>(
      "select, input, button, textarea",
    ))
      control.disabled = true;
    // Downloads are blob: URLs of this process; the interactive card makes its own.
    for (const link of card.querySelectorAll("a[download]")) link.removeAttribute("href");
    addRestoringLine(card);
    slot.replaceChildren(card);
  },
  // Each card wrote its default view into the (jsdom) address, as it does in the browser.
  finish(document, slots) {
    guardSavedViews(
      document,
      slots.map((s) => s.dataset.figure!),
      document.defaultView!.location.search,
    );
  },
};

/**
 * The views a page can name in a `<div class="view-slot" data-view="…">`: the module, the
 * function in it that draws the view from an object of the files' contents, and those files by
 * the name the function takes them under. The page loads the same files (FileAttachment) and
 * calls `hydrateView(name, view(files))` (docs/components/viewSlot.js).
 */
export const VIEWS: Record<
  string,
  { component: string; draw: string; files: Record<string, string> }
> = {
  overview: {
    component: "docs/components/overview.js",
    draw: "overview",
    // The figures whose definition names an overview slot (site.overview), and the scorecard:
    // the same list docs/index.md loads (generated, src/site/figure-docs.ts).
    files: overviewFiles(figures),
  },
  // What an interval or a significance letter can claim (src/survey/disclosure.ts): no data file.
  disclosure: { component: "docs/components/disclosure.js", draw: "disclosure", files: {} },
};

function viewOf(slot: HTMLElement) {
  const view = VIEWS[slot.dataset.view!];
  if (!view) throw new Error(`no view named "${slot.dataset.view}" (src/site/slots.ts VIEWS)`);
  return view;
}

/**
 * A view drawn from data only (no controls, no layout): what the build draws is what the page
 * draws, so the stand-in is complete and its files need no preload. The slot carries
 * data-prerendered until the page's code replaces its contents.
 */
export const viewSlot: SlotKind = {
  selector: ".view-slot[data-view]",
  component: (slot) => viewOf(slot).component,
  files: (slot) => Object.values(viewOf(slot).files),
  preload: false,
  draw(module, slot, data) {
    const view = viewOf(slot);
    const draw = module[view.draw] as (files: Record<string, unknown>) => Node;
    slot.replaceChildren(
      draw(Object.fromEntries(Object.keys(view.files).map((k, i) => [k, data[i]]))),
    );
    slot.setAttribute("data-prerendered", "");
  },
};

/**
 * The interactive views a page can name in a `<div class="live-slot" data-live="…">`: a component
 * with controls that the page draws from data it downloads (the explorer's answers, the
 * landscape's items), so its first result would wait for the code and the data. The build draws
 * its default view in; the page's code draws the live one, calls `hydrateLive(name, card)`
 * (docs/components/liveSlot.js) once it has drawn, and that replaces the stand-in.
 */
export const LIVE_VIEWS: Record<
  string,
  {
    component: string;
    /** Further modules the component is given at build, as the page gives them. */
    engines?: Record<string, string>;
    /** The files the live view waits for, by the name `draw` takes them under: preloaded. */
    files: Record<string, string>;
    /** The prefix of its state in the address (urlState.js). */
    state: string;
    draw(
      module: Module,
      files: Record<string, unknown>,
      read: (path: string) => Promise<unknown>,
    ): Promise<HTMLElement>;
  }
> = {
  explorer: {
    component: "docs/components/explorerView.js",
    engines: { engine: "src/site/explorer-browser.ts" },
    files: { meta: "explorer/meta.json", answers: "explorer/answers.bin" },
    state: "explorer",
    // The cross-tab is computed as the page computes it: the CLI's code over the answers file.
    draw: async (module, files) =>
      (module.ExplorerView as (o: object) => HTMLElement)({
        ...files,
        engine: module.engine,
        width: PRERENDER_WIDTH,
      }),
  },
  landscape: {
    component: "docs/components/landscapeExplorer.js",
    files: { overview: "landscape/overview.json", timeline: "landscape/timeline.json" },
    state: "landscape",
    // The newest snapshot's items, asked for by the component as the page's loader would be.
    draw: (module, { overview, timeline }, read) =>
      new Promise((resolve) =>
        (module.LandscapeExplorer as (...a: unknown[]) => HTMLElement)(
          overview,
          timeline,
          (at: string) => read(`landscape/items-${at}.json`),
          { width: PRERENDER_WIDTH, mount: resolve },
        ),
      ),
  },
};

function liveOf(slot: HTMLElement) {
  const view = LIVE_VIEWS[slot.dataset.live!];
  if (!view)
    throw new Error(`no live view named "${slot.dataset.live}" (src/site/slots.ts LIVE_VIEWS)`);
  return view;
}

/**
 * An interactive view's default state, drawn at build as a stand-in: the card without its id (so
 * the page's code and tests find only the live card by it), marked data-prerendered, its controls
 * disabled until the live card replaces it. A link holding another view hides it (`finish`).
 */
export const liveSlot: SlotKind = {
  selector: ".live-slot[data-live]",
  component: (slot) => liveOf(slot).component,
  async load(slot) {
    const view = liveOf(slot);
    const module = { ...(await importComponent(view.component)) };
    for (const [name, path] of Object.entries(view.engines ?? {}))
      module[name] = await importComponent(path);
    return module;
  },
  files: (slot) => Object.values(liveOf(slot).files),
  preload: true,
  async draw(module, slot, data, read) {
    const view = liveOf(slot);
    const card = await view.draw(
      module,
      Object.fromEntries(Object.keys(view.files).map((k, i) => [k, data[i]])),
      read,
    );
    card.removeAttribute("id");
    // The build's result and timing are not the page's: the page's own card sets them.
    delete card.dataset.result;
    delete card.dataset.computeMs;
    card.setAttribute("data-prerendered", "");
    for (const control of card.querySelectorAll<HTMLInputElement>("select, input, button"))
      control.disabled = true;
    for (const link of card.querySelectorAll("a[download]")) link.removeAttribute("href");
    const restoring = card.ownerDocument.createElement("p");
    restoring.className = "restoring";
    restoring.hidden = true;
    restoring.textContent = "Drawing the view this link holds…";
    card.prepend(restoring);
    slot.replaceChildren(card);
  },
  // Each view wrote its default state into the (jsdom) address; a link holding another hides the
  // stand-in's body until the live card has drawn the link's view (as saved-views.ts for cards).
  finish(document, slots) {
    const json = (x: unknown) => JSON.stringify(x).replace(/</g, "\\u003c");
    const names = slots.map((s) => s.dataset.live!);
    const odd = names.find((n) => !/^[a-z][\w-]*$/.test(n));
    if (odd) throw new Error(`live view ${JSON.stringify(odd)} is not a plain CSS identifier`);
    const script = document.createElement("script");
    script.textContent = `{
  const views = ${json(Object.fromEntries(names.map((n) => [n, LIVE_VIEWS[n]!.state])))};
  const defaults = new URLSearchParams(${json(document.defaultView!.location.search)});
  const address = new URLSearchParams(location.search);
  const own = (params, id) =>
    [...params].filter(([k]) => k.startsWith(id + ".")).map(([k, v]) => k + "=" + v).sort().join("&");
  const saved = Object.keys(views).filter((n) => own(address, views[n]) !== "" && own(address, views[n]) !== own(defaults, views[n]));
  if (saved.length) document.documentElement.setAttribute("data-saved-live", saved.join(" "));
}`;
    const style = document.createElement("style");
    style.textContent = names
      .map((n) => {
        const card = `html[data-saved-live~="${n}"] .live-slot[data-live="${n}"]>[data-prerendered]`;
        return `${card}>:not(.restoring){visibility:hidden}${card}>.restoring{display:block}`;
      })
      .join("");
    const metas = document.head.querySelectorAll(":scope > meta");
    const anchor = metas.length ? metas[metas.length - 1]!.nextSibling : document.head.firstChild;
    document.head.insertBefore(style, anchor);
    document.head.insertBefore(script, style);
  },
};

export const SLOT_KINDS: SlotKind[] = [figureSlot, viewSlot, liveSlot];

/** Imports a component module by its path from the project root. */
export const importComponent = (path: string): Promise<Module> =>
  import(pathToFileURL(join(projectRoot, path)).href);
