/**
 * Puts a view into the page's `<div class="view-slot" data-view="name">`, replacing what is there:
 * the same view the build drew into the HTML (src/site/slots.ts), or nothing in `observable
 * preview`. Calling it again with the same view changes nothing on screen.
 * @param {string} name
 * @param {Node} view
 */
export function hydrateView(name, view) {
  const slot = document.querySelector(`.view-slot[data-view="${CSS.escape(name)}"]`);
  if (!slot) throw new Error(`no <div class="view-slot" data-view="${name}"> on this page`);
  slot.replaceChildren(view);
  slot.removeAttribute("data-prerendered");
}
