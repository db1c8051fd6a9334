/**
 * Puts an interactive view's live card into the page's `<div class="live-slot" data-live="name">`,
 * replacing the stand-in the build drew there (src/site/slots.ts), or nothing in `observable
 * preview`. Called once the card has drawn its first result, so the stand-in stays until then.
 * @param {string} name
 * @param {Node} card
 */
export function hydrateLive(name, card) {
  const slot = document.querySelector(`.live-slot[data-live="${CSS.escape(name)}"]`);
  if (!slot) throw new Error(`no <div class="live-slot" data-live="${name}"> on this page`);
  slot.replaceChildren(card);
}
