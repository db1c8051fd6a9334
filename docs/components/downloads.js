import { html } from "htl";
import { figureCsv, vegaLiteSpec } from "./generated/browser.js";

/** Links to download exactly the drawn rows as CSV and as a Vega-Lite spec (the CLI's own spec code). */
export function downloads(definition, result, rows) {
  const spec = vegaLiteSpec(definition, { ...result, rows });
  const link = (text, name, body, type) => {
    const a = html`<a download=${name}>${text}</a>`;
    a.href = URL.createObjectURL(new Blob([body], { type }));
    return a;
  };
  return html`<span>
    ${link("Download CSV", `${definition.id}.csv`, figureCsv(rows), "text/csv")}
    ${link("Download Vega-Lite", `${definition.id}.vl.json`, JSON.stringify(spec, null, 2), "application/json")}
  </span>`;
}
