// The site's pages, for the browser tests and `npm run bench:site` (no vitest here: the bench
// imports it too).
import { cardsByPage } from "../../src/site/figure-docs.ts";
import { figures } from "../../src/survey/registry.ts";

/**
 * The pages with figure cards, and the cards each names, in page order: from the figure registry
 * (each definition's site.page), which the pages' generated regions follow (src/site/figure-docs.ts).
 */
export const CARD_PAGES: Record<string, string[]> = Object.fromEntries(
  [...cardsByPage(figures)].map(([page, fs]) => [`/${page}`, fs.map((f) => f.id)]),
);
/** The pages with figure cards, and the overview, whose headlines stand in for a chart. */
export const FIGURE_PAGES = ["/", ...Object.keys(CARD_PAGES)];
/** Every page but the survey explorer, which its own test drives. */
export const SITE_PAGES = [
  ...FIGURE_PAGES,
  "/distributions",
  "/landscape",
  "/stack-today",
  "/momentum",
  "/scorecard",
  "/methods",
];
