import { html } from "htl";
import { webUrl } from "./generated/browser.js";

/**
 * A link only for an http(s) URL from outside data (src/web-address.ts decides, for the site and
 * the manifest alike); anything else (javascript:, data:) stays text.
 * @param {string | null | undefined} url
 * @param {string | null | undefined} [text]
 */
export function safeLink(url, text = url) {
  const href = webUrl(url);
  if (href) return html`<a href=${href} rel="noopener noreferrer nofollow">${text}</a>`;
  return html`<span>${text ?? ""}</span>`;
}
