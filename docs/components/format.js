// Number formats and marks shared by every chart, table and headline on the site: the CLI's own
// (src/render/format.ts, bundled into generated/browser.js), so a share reads the same everywhere.
export { countOfN, interval, nSummary, pct } from "./generated/browser.js";
