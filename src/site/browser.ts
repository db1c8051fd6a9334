// The code the site shares with the CLI, bundled for the browser: a download from the site is
// built by the same functions as `kube-census figure --format vega-lite|csv`.
export { figureCsv } from "../analysis/figure-csv.ts";
export { vegaLiteSpec } from "../analysis/vega-lite.ts";
