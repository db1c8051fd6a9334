// The site's pages, for the browser tests and `npm run bench:site` (no vitest here: the bench
// imports it too).

/** The pages with figure cards, and the cards each names, in page order. */
export const CARD_PAGES: Record<string, string[]> = {
  "/deployment-size": ["fig-1-1", "fig-1-2", "containers-1000-plus", "adoption-kubernetes"],
  "/challenges": ["fig-2-6"],
  "/storage": ["fig-2-2", "fig-2-3"],
  "/networking": ["fig-2-4"],
  "/service-mesh": ["fig-2-5"],
  "/managed-kubernetes": ["fig-2-7"],
  "/trends": ["kubernetes-use", "container-use"],
};
/** The pages with figure cards, and the overview, whose headlines stand in for a chart. */
export const FIGURE_PAGES = ["/", ...Object.keys(CARD_PAGES)];
/** Every page but the survey explorer, which its own test drives. */
export const SITE_PAGES = [...FIGURE_PAGES, "/landscape", "/stack-today", "/scorecard", "/methods"];
