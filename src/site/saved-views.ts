// A link can hold a figure card's view (`?fig-2-4.year=2018`); the build's HTML holds only the
// default one (src/site/slots.ts draws it). What keeps that default from being shown as if it
// were the link's view, until the interactive card has drawn the link's: a line in each card
// saying so, and a script and rules in the page's head.

/** Adds the line a prerendered card shows instead of its default view (hidden unless marked). */
export function addRestoringLine(card: HTMLElement): void {
  const restoring = card.ownerDocument.createElement("p");
  restoring.className = "restoring";
  restoring.hidden = true;
  restoring.textContent = "Drawing the view this link holds…";
  card.querySelector("h2")!.after(restoring);
}

/**
 * Puts into the page's head a script that, run before the body is parsed, marks
 * each card whose view in the address differs from its default, and a rule hides that
 * prerendered card's body (its title stays, the space is kept, a line says why) until it is
 * replaced. Without JavaScript the default view shows, as nothing could draw another.
 */
export function guardSavedViews(document: Document, ids: string[], defaultViews: string): void {
  const marker = "data-saved-views";
  // Ids go into a selector and a script unquoted: they are the definitions' own, so plain.
  const odd = ids.find((id) => !/^[a-z][\w-]*$/.test(id));
  if (odd) throw new Error(`figure id ${JSON.stringify(odd)} is not a plain CSS identifier`);
  const script = document.createElement("script");
  script.id = "kc-saved-views";
  // A string, not a function's source: tsx would wrap a function in helpers the page lacks.
  // It compares each card's parameters, sorted, with its default view's, and marks only ids of
  // this page: nothing from the address is written anywhere.
  const json = (x: unknown) => JSON.stringify(x).replace(/</g, "\\u003c");
  script.textContent = `{
  const ids = ${json(ids)};
  const defaults = new URLSearchParams(${json(defaultViews)});
  const address = new URLSearchParams(location.search);
  const own = (params, id) =>
    [...params].filter(([k]) => k.startsWith(id + ".")).map(([k, v]) => k + "=" + v).sort().join("&");
  const saved = ids.filter((id) => own(address, id) !== "" && own(address, id) !== own(defaults, id));
  if (saved.length) document.documentElement.setAttribute("${marker}", saved.join(" "));
}`;
  const style = document.createElement("style");
  style.textContent = ids
    .map((id) => {
      const card = `html[${marker}~="${id}"] #${id}[data-prerendered]`;
      return `${card}>:not(h2,.restoring){visibility:hidden}${card}>.restoring{display:block}`;
    })
    .join("");
  // First in the head after the charset and viewport, so it has run before the body is parsed.
  const metas = document.head.querySelectorAll(":scope > meta");
  const anchor = metas.length ? metas[metas.length - 1]!.nextSibling : document.head.firstChild;
  document.head.insertBefore(style, anchor);
  document.head.insertBefore(script, style);
}
