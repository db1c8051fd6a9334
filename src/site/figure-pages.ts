import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { projectRoot } from "../paths.ts";
import type { ScoredClaim } from "../survey/scorecard.ts";

const docsDir = join(projectRoot, "docs");
// A card as the pages place it (src/site/slots.ts reads the same element).
const SLOT = /<div class="figure-slot" data-figure="([^"]+)"/g;

/** Which page holds each figure's card, read from the pages themselves so a moved card moves its links. */
export async function figurePages(dir = docsDir): Promise<Map<string, string>> {
  const pages = new Map<string, string>();
  for (const name of (await readdir(dir)).filter((f) => f.endsWith(".md")).sort()) {
    const text = await readFile(join(dir, name), "utf8");
    for (const [, figure] of text.matchAll(SLOT))
      if (!pages.has(figure!)) pages.set(figure!, name.replace(/\.md$/, ""));
  }
  return pages;
}

/**
 * The address of a claim's card, holding its year and segment the way the card reads them
 * (`?<id>.year=2019&<id>.segments=all#<id>`, docs/components/urlState.js); null where the
 * figure has no card (a claim checked on its own, or a figure no page shows).
 */
export function cardLink(claim: ScoredClaim, pages: Map<string, string>): string | null {
  const page = pages.get(claim.figure);
  if (!page || claim.computed === null) return null;
  const params = new URLSearchParams({
    [`${claim.figure}.year`]: String(claim.year),
    [`${claim.figure}.segments`]: claim.segment,
  });
  return `./${page}?${params}#${claim.figure}`;
}
