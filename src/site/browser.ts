// The code the site shares with the CLI, bundled for the browser: a download from the site is
// built by the same functions as `kube-census figure --format vega-lite|csv`, and the site's
// numbers, orders and landscape filters are the CLI's own (src/render/).
export { figureCsv } from "../render/figure-csv.ts";
export { toCsv } from "../render/output.ts";
export { vegaLiteSpec } from "../render/vega-lite.ts";
export { MATURITY_ORDER, countEntries, matchesFilter, sortEntries } from "../landscape/model.ts";
export {
  countOfN,
  interval,
  nSummary,
  pct,
  SAMPLE_MARK,
  SOURCE_MARK,
  sourceText,
} from "../render/format.ts";
export { categoryOrder, distinct, segmentOrder, sortSegment } from "../render/order.ts";
export { marginalBase, marginalSpecOf } from "../survey/marginal-spec.ts";
export { SAMPLING_DISCLOSURE, SAMPLING_DISCLOSURE_SHORT } from "../survey/disclosure.ts";
export { hashTarget, webUrl } from "../web-address.ts";
export { cardLink, embedLink, iframeSnippet } from "./share-address.ts";
export {
  crosstabViewName,
  downloadName,
  figureViewName,
  landscapeViewName,
  sidecarName,
} from "../render/download-name.ts";
export { provenanceJson } from "../render/provenance.ts";
export { JUDGING_RULE, roundedAsPrinted } from "../survey/judge.ts";
export { crosstabProvenance, figureProvenance, surveySources } from "../render/view-provenance.ts";
