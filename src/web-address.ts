/**
 * Addresses from outside the project — a landscape item's homepage, a manifest's source URL, the
 * page's own address: which may become a link, and how a page reads the fragment it was opened at.
 * Browser-safe (bundled for the site by src/site/browser.ts), and read by the manifest's check.
 */

/** Schemes a link may use: anything else (javascript:, data:, file:) is shown as text. */
export const WEB_SCHEMES = ["https:", "http:"];

/** The URL normalised, if it is an absolute http(s) URL; undefined otherwise. */
export function webUrl(url: unknown): string | undefined {
  if (typeof url !== "string") return undefined;
  try {
    const parsed = new URL(url.trim());
    return WEB_SCHEMES.includes(parsed.protocol) ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The element id a page's fragment names (`#fig-2-4`), percent-decoded; "" when it names none. A
 * malformed percent-encoding (`#fig%E0%A4%A`) names nothing: the default view, not a URIError
 * that stops the card reading it.
 */
export function hashTarget(hash: string): string {
  const raw = hash.startsWith("#") ? hash.slice(1) : hash;
  try {
    return decodeURIComponent(raw);
  } catch {
    return "";
  }
}
