// The slots a page names for the build to draw into, one kind per component: a kind says which
// elements are its slots, which component draws them and from which data files, and how the
// static stand-in is marked. src/site/prerender.ts finds the slots, reads the files, and draws
// every kind the same way (in jsdom, with the browser globals set); in the browser the page's
// own code draws the same component into the same slot and replaces the stand-in.
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { projectRoot } from "../paths.ts";
import { addRestoringLine, guardSavedViews } from "./saved-views.ts";

/** A component module, as the build imports it. */
type Module = Record<string, unknown>;

export interface SlotKind {
  /** The slot elements in a page's HTML. */
  selector: string;
  /** The module that draws the slot, from the project root. */
  component(slot: HTMLElement): string;
  /** The site data files it draws from, relative to docs/data/generated/. */
  files(slot: HTMLElement): string[];
  /**
   * Whether the page should preload them: yes when its interactive version still waits for them
   * to replace a stand-in that is not the same; no when the stand-in is all the page shows.
   */
  preload: boolean;
  /** Draws the stand-in into the slot, with the module and the files' contents (in `files` order). */
  draw(module: Module, slot: HTMLElement, data: unknown[]): void;
  /** What the page needs once every slot of this kind on it is drawn (its head, say). */
  finish?(document: Document, slots: HTMLElement[]): void;
}

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
    files: {
      fig11: "figures/fig-1-1.json",
      fig12: "figures/fig-1-2.json",
      containers: "figures/containers-1000-plus.json",
      adoption: "figures/adoption-kubernetes.json",
      fig24: "figures/fig-2-4.json",
      fig26: "figures/fig-2-6.json",
      fig27: "figures/fig-2-7.json",
      scorecard: "scorecard.json",
    },
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

export const SLOT_KINDS: SlotKind[] = [figureSlot, viewSlot];

/** Imports a component module by its path from the project root. */
export const importComponent = (path: string): Promise<Module> =>
  import(pathToFileURL(join(projectRoot, path)).href);
