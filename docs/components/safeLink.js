import { html } from "htl";

/** A link only for an http(s) URL from outside data; anything else (javascript:, data:) stays text. */
export function safeLink(url, text = url) {
  if (typeof url !== "string") return "";
  try {
    const parsed = new URL(url);
    if (parsed.protocol === "http:" || parsed.protocol === "https:")
      return html`<a href=${parsed.href} rel="noopener noreferrer nofollow">${text}</a>`;
  } catch {
    // not a URL: fall through
  }
  return html`<span>${text}</span>`;
}
