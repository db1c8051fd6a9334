import { html } from "htl";

/** The numbered notes of the drawn rows: what is not comparable with the year before, and why. */
export function notesList({ notes }, { label, title = "Breaks in the drawn values" }) {
  if (notes.length === 0) return html`<div class="notes" hidden></div>`;
  return html`<div class="notes">
    <p class="notes-title">${title}</p>
    <ol>
      ${notes.map(
        (n) =>
          html`<li value=${n.number} data-kind=${n.kind}>
            <span class="note-number">${n.number}</span>
            <strong>${n.kind}</strong> (${[...n.years].sort().map(label).join(", ")}): ${n.text}
          </li>`,
      )}
    </ol>
  </div>`;
}
