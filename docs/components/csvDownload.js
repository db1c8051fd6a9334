import { html } from "htl";
import { provenanceJson, sidecarName, toCsv } from "./generated/browser.js";

// One object URL per download slot: drawing a view again (a keystroke in a search box) frees the
// blob of the link it replaces instead of keeping every earlier one alive.
/** @type {Map<string, string>} */
const urls = new Map();
/** @param {string} slot @param {string} body @param {string} type */
function blobUrl(slot, body, type) {
  const old = urls.get(slot);
  if (old) URL.revokeObjectURL(old);
  const url = URL.createObjectURL(new Blob([body], { type }));
  urls.set(slot, url);
  return url;
}

/**
 * What a download's sidecar is built from: the site's provenance and the view (src/render/provenance.ts).
 * @typedef {{ site: import("../../src/site/site-data-types.ts").SiteProvenance, view: Omit<import("../../src/render/provenance.ts").ViewProvenance, "file"> }} DownloadProvenance
 */

/**
 * A link that downloads `body` as the file `name`.
 * @param {string} text
 * @param {string} name
 * @param {string} body
 * @param {string} type
 * @param {string} [className]
 */
export function fileLink(text, name, body, type, className = "") {
  const a = /** @type {HTMLAnchorElement} */ (
    html`<a download=${name} class=${className || null}>${text}</a>`
  );
  a.dataset.slot = `${className}:${text}:${name.split("_")[0]}`;
  a.href = blobUrl(a.dataset.slot, body, type);
  return a;
}

/**
 * The links of one table download: the CSV (exactly `csvText`, first row its header) and, when
 * `provenance` ({ site, view }, src/render/provenance.ts) is given, its sidecar
 * `<name>.provenance.json`: question wording, universe and base, filters, sample, years, the
 * source files with their sha256 and commit, the tool version and the database hash.
 * @param {string} name
 * @param {string} csvText
 * @param {DownloadProvenance} [provenance]
 * @param {string} [text]
 */
export function csvLinks(name, csvText, provenance, text = "Download CSV") {
  const csv = fileLink(text, name, csvText, "text/csv", "csv-download");
  if (!provenance) return csv;
  const sidecar = sidecarName(name);
  // The address is read when the link is used: a card writes its state to the URL after drawing.
  const json = () =>
    provenanceJson(provenance.site, {
      ...provenance.view,
      file: name,
      address: provenance.view.address ?? globalThis.location?.href,
    });
  const type = "application/json";
  const link = fileLink("provenance (JSON)", sidecar, json(), type, "provenance-download");
  link.addEventListener(
    "click",
    () => (link.href = blobUrl(link.dataset.slot ?? "", json(), type)),
  );
  return html`<span class="table-download">${csv} ${link}</span>`;
}

/**
 * A CSV of `rows`, written by the CLI's own toCsv (src/render/output.ts), so a text cell a
 * spreadsheet would run as a formula gets its leading apostrophe here too; with its provenance
 * sidecar when `provenance` is given.
 * @param {string} name
 * @param {Record<string, unknown>[]} rows
 * @param {string[]} columns
 * @param {string} [text]
 * @param {DownloadProvenance} [provenance]
 */
export function csvDownload(name, rows, columns, text = "Download CSV", provenance) {
  return csvLinks(name, toCsv(rows, columns), provenance, text);
}
