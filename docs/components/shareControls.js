import { html } from "htl";
import { cardLink, embedLink, iframeSnippet } from "./generated/browser.js";

/**
 * A figure card's "Copy link" and "Embed" controls (issue 18). The link holds only this card's
 * parameters and its anchor (src/site/share-address.ts), read from the address when asked, so it
 * is always the view drawn. Where the clipboard is refused (no permission, an insecure origin, an
 * embedding page that forbids it) the link shows in a selected text field instead, to copy by
 * hand. "Embed" opens a copyable iframe snippet of the card's embed page with the same state.
 *
 * `page()` is the absolute address of the page holding the full card, `root()` the site's root
 * and `card()` the card (for the frame's height). On an embed page, `home` names the full card's
 * page, and a link back to it (relative, so the built HTML holds no host) opens it at this view.
 * Call `update()` after the card writes its state, so the snippet and that link follow the view.
 * @param {{ id: string, title: string, page: () => string, root: () => string, card: () => Element, home?: string }} options
 */
export function shareControls({ id, title, page, root, card, home }) {
  const link = () => cardLink(page(), location.search, id);
  const status = html`<span class="share-status" role="status" aria-live="polite"></span>`;
  const copy = html`<button type="button" class="share-button">Copy link</button>`;
  const manual = html`<label class="share-manual" hidden
    >Link to this view <input type="text" readonly class="share-field"
  /></label>`;
  const field = /** @type {HTMLInputElement} */ (manual.querySelector("input"));
  const snippet = /** @type {HTMLTextAreaElement} */ (
    html`<textarea readonly rows="3" class="share-field"></textarea>`
  );
  const embed = /** @type {HTMLDetailsElement} */ (
    html`<details class="share-embed">
      <summary class="share-button">Embed</summary>
      <label>Paste this into a page to show this chart with the view drawn now ${snippet}</label>
    </details>`
  );
  const back = home
    ? html`<a class="share-home" target="_blank" rel="noopener">Open this chart on kube-census</a>`
    : "";
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let cleared;
  const say = (/** @type {string} */ text) => {
    // Emptied first, so saying the same thing twice is announced twice.
    status.textContent = "";
    clearTimeout(cleared);
    requestAnimationFrame(() => (status.textContent = text));
    cleared = setTimeout(() => (status.textContent = ""), 4000);
  };
  copy.addEventListener("click", async () => {
    const address = link();
    try {
      await navigator.clipboard.writeText(address);
      manual.hidden = true;
      say("Link copied");
    } catch {
      field.value = address;
      manual.hidden = false;
      field.focus();
      field.select();
      say("Copy the selected link");
    }
  });
  const update = () => {
    if (!manual.hidden) field.value = link();
    if (back) {
      const { search, hash } = new URL(link());
      back.setAttribute("href", `../${home}${search}${hash}`);
    }
    if (!embed.open) return;
    // The frame is as tall as the card is now, so the embedding page shows it without scrolling.
    const height = Math.max(400, card().getBoundingClientRect().height + 32);
    snippet.value = iframeSnippet(embedLink(root(), location.search, id), title, height);
  };
  embed.addEventListener("toggle", () => {
    update();
    if (embed.open) snippet.select();
  });
  for (const f of [field, snippet]) f.addEventListener("focus", () => f.select());
  const element = html`<div class="share" role="group" aria-label="Share this chart">
    ${back}${copy}${embed}${status}${manual}
  </div>`;
  return { element, update };
}
