import { html } from "htl";
import { vegaLiteSpec } from "./generated/vega-lite.js";

const COLUMNS = [
  "year",
  "segment",
  "category",
  "n",
  "count",
  "share",
  "ci_low",
  "ci_high",
  "source",
];
const field = (v) => {
  const s = v === null || v === undefined ? "" : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function toCsv(rows) {
  return (
    [COLUMNS.join(","), ...rows.map((r) => COLUMNS.map((c) => field(r[c])).join(","))].join("\n") +
    "\n"
  );
}

/** Links to download exactly the drawn rows as CSV and as a Vega-Lite spec (the CLI's own spec code). */
export function downloads(definition, result, rows) {
  const spec = vegaLiteSpec(definition, { ...result, rows });
  const link = (text, name, body, type) => {
    const a = html`<a download=${name}>${text}</a>`;
    a.href = URL.createObjectURL(new Blob([body], { type }));
    return a;
  };
  return html`<span>
    ${link("Download CSV", `${definition.id}.csv`, toCsv(rows), "text/csv")}
    ${link("Download Vega-Lite", `${definition.id}.vl.json`, JSON.stringify(spec, null, 2), "application/json")}
  </span>`;
}
