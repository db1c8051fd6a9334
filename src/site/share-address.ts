/**
 * The addresses a figure card hands out (issue 18): a link to its view, the address of its embed
 * page, and the iframe snippet that embeds it. Pure functions of the page's address, bundled for
 * the browser (src/site/browser.ts) and tested in Node. A card owns the parameters prefixed with
 * its id (`fig-2-4.year=2018`, docs/components/urlState.js); a shared address carries only those,
 * so the reader sees every other card at its default.
 */

/** The parameters of the card `id` in a query string, in their order; none of the others'. */
export function cardParams(search: string, id: string): URLSearchParams {
  const prefix = `${id}.`;
  return new URLSearchParams(
    [...new URLSearchParams(search)].filter(([key]) => key.startsWith(prefix)),
  );
}

/**
 * A link to the card's current view on `page` (an absolute address; its own query and fragment
 * are dropped): the card's parameters as `search` holds them, and `#<id>`, so the page opens at
 * the card.
 */
export function cardLink(page: string, search: string, id: string): string {
  const url = new URL(page);
  url.search = cardParams(search, id).toString();
  url.hash = id;
  return url.href;
}

/**
 * The card's embed page (`<root>embed/<id>`, docs/embed/[figure].md) with the card's parameters
 * as `search` holds them. `root` is the site's root address, ending in a slash.
 */
export function embedLink(root: string, search: string, id: string): string {
  const url = new URL(`embed/${encodeURIComponent(id)}`, root);
  url.search = cardParams(search, id).toString();
  return url.href;
}

/** `"` `&` `<` `>` as character references: the value stays text in a double-quoted attribute. */
const attribute = (value: string) =>
  value.replace(/[&"<>]/g, (c) => ({ "&": "&amp;", '"': "&quot;", "<": "&lt;", ">": "&gt;" })[c]!);

/**
 * The HTML a reader pastes into their page to embed the card: an iframe of `src`, named by
 * `title` (screen readers announce a frame by its title), as wide as its column and `height`
 * pixels high. Only the frame: the embed page makes no request to another host. It may write to
 * the clipboard (its "Copy link"); a frame without that permission falls back to a text field.
 */
export function iframeSnippet(src: string, title: string, height: number): string {
  if (!Number.isFinite(height) || height <= 0)
    throw new Error(`iframe height must be a positive number of pixels, not ${height}`);
  return `<iframe src="${attribute(src)}" title="${attribute(title)}" width="100%" height="${Math.ceil(height)}" style="border:0" loading="lazy" allow="clipboard-write"></iframe>`;
}
