// The site's pages, for the browser tests and `npm run bench:site` (no vitest here: the bench
// imports it too).

/** The pages with figure cards (and the overview, whose headlines stand in for a chart). */
export const FIGURE_PAGES = [
  "/",
  "/deployment-size",
  "/challenges",
  "/storage",
  "/networking",
  "/service-mesh",
  "/managed-kubernetes",
  "/trends",
];
/** Every page but the survey explorer, which its own test drives. */
export const SITE_PAGES = [...FIGURE_PAGES, "/landscape", "/stack-today", "/scorecard", "/methods"];
