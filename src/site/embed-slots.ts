// The embed pages (docs/embed/[figure].md, one per card, issue 18) are one Markdown file: the
// figure they show is in their address only (`/embed/fig-2-4`). Before the prerender draws the
// page's slot, the build writes that figure into it, with the page holding its full card (for
// the link back) and its title into the page's <title>, so the HTML names what it shows.

type ReadData = (path: string) => Promise<unknown>;

/** Fills the page's `.figure-slot[data-embed]` from its address; nothing on other pages. */
export async function fillEmbedSlots(
  document: Document,
  url: string,
  readData: ReadData,
): Promise<void> {
  const slots = [
    ...document.querySelectorAll<HTMLElement>(".figure-slot[data-embed]:not([data-figure])"),
  ];
  if (slots.length === 0) return;
  const id = new URL(url).pathname.split("/").pop() ?? "";
  if (!/^[a-z][\w-]*$/.test(id))
    throw new Error(`embed page ${url}: "${id}" is not a figure id (docs/embed/[figure].md)`);
  const pages = (await readData("figure-pages.json")) as Record<string, string>;
  const home = pages[id];
  if (!home)
    throw new Error(
      `embed page ${url}: no page places a card for ${id}; add its figure-slot to a page or drop it from dynamicPaths`,
    );
  const figure = (await readData(`figures/${id}.json`)) as {
    definition: { title: string; site?: { defaultYear?: number } };
  };
  // The card opens on the year its page opens it on (the definition's site.defaultYear).
  const year = figure.definition.site?.defaultYear;
  for (const slot of slots) {
    slot.dataset.figure = id;
    slot.dataset.home = home;
    if (year !== undefined) slot.dataset.defaultYear = String(year);
  }
  // Framework writes "<front matter title> | <site title>"; the figure's title replaces the first.
  const suffix = document.title.match(/ \| [^|]*$/)?.[0] ?? "";
  document.title = `${figure.definition.title}${suffix}`;
}
