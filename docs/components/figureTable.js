import { html } from "htl";
import { countOfN, interval, pct } from "./format.js";

/**
 * The columns, each cell carrying its column's name (`data-label`): at phone width the stylesheet
 * shows one card per row, the option (class row-label) as its heading and each value under its
 * name. The year stays the first column in the DOM (the order of the CSV and the CLI's table).
 * @typedef {{ label: (year: number) => string, numbersOf: (row: Row) => number[] }} Context
 * @typedef {import("../../src/site/site-data-types.ts").FigureRow} Row
 * @type {[name: string, value: (row: Row, context: Context) => unknown, kind?: string][]}
 */
const COLUMNS = [
  ["year", (r, { label }) => label(r.year)],
  ["segment", (r) => r.segment],
  ["option", (r) => r.category, "row-label"],
  ["share", (r) => pct(r.share), "num"],
  ["count / n", (r) => countOfN(r), "num"],
  ["95% interval", (r) => interval(r), "num"],
  ["source", (r) => r.source],
  ["sample", (r) => r.sample ?? "all"],
  ["breaks", (r, { numbersOf }) => numbersOf(r).join(", ")],
];

/**
 * Exactly the drawn rows as a table: the chart's text alternative and its numbers.
 * @param {Row[]} rows
 * @param {Partial<Context>} [options]
 */
export function figureTable(rows, { label = String, numbersOf = () => [] } = {}) {
  const context = { label, numbersOf };
  // Scrolls on its own where it is wider than its box; a card per row at phone width.
  return html`<div class="table-scroll">
    <table data-cards>
      <thead>
        <tr>
          ${COLUMNS.map(([name]) => html`<th>${name}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (r) =>
            html`<tr>
              ${COLUMNS.map(
                ([name, value, kind]) =>
                  html`<td class=${kind} data-label=${name}>${value(r, context)}</td>`,
              )}
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}
