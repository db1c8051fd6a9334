import { html } from "htl";
import { figureCsv, vegaLiteSpec } from "./generated/browser.js";
import { csvLinks, fileLink } from "./csvDownload.js";

/**
 * Links to download exactly the drawn rows as CSV (with its provenance sidecar) and as a
 * Vega-Lite spec (the CLI's own spec code), named after the view: `name(extension)` is the
 * card's figureViewName (src/render/download-name.ts); `provenance` the card's { site, view }.
 * @param {import("../../src/site/site-data-types.ts").SiteFigureDefinition} definition
 * @param {import("../../src/site/site-data-types.ts").FigureResult} result
 * @param {import("../../src/site/site-data-types.ts").FigureRow[]} rows
 * @param {{ name?: (extension: string) => string, provenance?: import("./csvDownload.js").DownloadProvenance }} [options]
 */
export function downloads(definition, result, rows, { name, provenance } = {}) {
  const fileName = name ?? ((/** @type {string} */ ext) => `${definition.id}.${ext}`);
  const spec = vegaLiteSpec(definition, { ...result, rows });
  return html`<span class="downloads">
    ${csvLinks(fileName("csv"), figureCsv(rows), provenance)}
    ${fileLink("Download Vega-Lite", fileName("vl.json"), JSON.stringify(spec, null, 2), "application/json")}
  </span>`;
}
