import { html } from "htl";
import { toCsv } from "./generated/browser.js";

/**
 * A link to download rows as CSV, written by the CLI's own toCsv (src/render/output.ts), so a
 * text cell a spreadsheet would run as a formula gets its leading apostrophe here too.
 */
export function csvDownload(name, rows, columns, text = "Download CSV") {
  const a = html`<a download=${name}>${text}</a>`;
  a.href = URL.createObjectURL(new Blob([toCsv(rows, columns)], { type: "text/csv" }));
  return a;
}
