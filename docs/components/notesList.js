import { html } from "htl";

/** @type {Record<string, string>} */
const VIEW_NAMES = { bars: "the bars", trend: "the trend" };

/**
 * The card's numbered notes, listed once: what is not comparable with the year before, and why,
 * with the years and the views (bars, trend) each applies to. The lead note (the paid panel) is
 * first and marked on the bars it affects; the key says so.
 * @param {{ notes: import("./noteNumbers.js").NumberedNote[], lead?: import("./noteNumbers.js").NumberedNote }} numbered
 * @param {{ label: (year: number) => string, title?: string }} options
 */
export function notesList({ notes, lead }, { label, title = "Notes: breaks in what is drawn" }) {
  if (notes.length === 0) return html`<div class="notes" hidden></div>`;
  const where = (/** @type {import("./noteNumbers.js").NumberedNote} */ n) =>
    n.views?.size ? ` · ${[...n.views].map((v) => VIEW_NAMES[v] ?? v).join(" and ")}` : "";
  return html`<div class="notes">
    <p class="notes-title">${title}</p>
    <ol>
      ${notes.map(
        (n) =>
          html`<li
            value=${n.number}
            data-kind=${n.kind}
            data-views=${n.views?.size ? [...n.views].join(" ") : undefined}
            class=${n === lead ? "lead-note" : undefined}
          >
            <span class="note-number">${n.number}</span>
            <strong>${n.kind}</strong> (${[...n.years].sort().map(label).join(", ")}${where(n)}):
            ${n.text}
          </li>`,
      )}
    </ol>
  </div>`;
}
