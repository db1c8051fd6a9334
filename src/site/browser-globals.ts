// The browser globals the site's components use (htl, Plot, the URL state), taken from a jsdom
// window while the build draws with them, and put back afterwards.
import type { DOMWindow } from "jsdom";

const DOM_CLASSES = ["Node", "NodeList", "HTMLCollection", "XMLSerializer"] as const;
const GLOBALS = ["window", "document", "location", "history", "ResizeObserver", ...DOM_CLASSES];

/**
 * Runs `draw` with `window`'s document, location and DOM classes as globals; restores them after
 * (after the promise settles, when `draw` is async: a component may draw once its data is read).
 */
export async function withBrowserGlobals<T>(window: DOMWindow, draw: () => T): Promise<Awaited<T>> {
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
    return await draw();
  } finally {
    for (const [name, descriptor] of saved)
      if (descriptor) Object.defineProperty(global, name as string, descriptor);
      else delete global[name as string];
  }
}
