// The explorer's code, bundled for the browser with arquero: the CLI's own assembly, column tests
// and CSV, fed by counts computed in the page. Loaded by the explorer page only.
export {
  crosstabCsv,
  differenceRows,
  differencesHeading,
  trendRows,
} from "../render/crosstab-output.ts";
export { BASES } from "../survey/crosstab-bases.ts";
export { MIN_BASE, MIN_EXPECTED } from "../survey/significance.ts";
export {
  availableYears,
  ExplorerData,
  ExplorerError,
  explorerCrosstab,
  type ExplorerRequest,
} from "./explorer-crosstab.ts";
export {
  DEFAULT_ROWS,
  drawnRows,
  linePoints,
  rankingLetter,
  TOP_CHOICES,
} from "./explorer-rows.ts";
export { explorerVegaLite } from "./explorer-vega-lite.ts";
