import { html } from "htl";
import { countOfN, interval, pct } from "./format.js";

/** Exactly the drawn rows as a table: the chart's text alternative and its numbers. */
export function figureTable(rows, { label = String, numbersOf = () => [] } = {}) {
  // Scrolls on its own at phone width rather than widening the page.
  return html`<div class="table-scroll">
    <table>
      <thead>
        <tr>
          <th>year</th>
          <th>segment</th>
          <th>category</th>
          <th>share</th>
          <th>count / n</th>
          <th>95% interval</th>
          <th>source</th>
          <th>sample</th>
          <th>breaks</th>
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (r) =>
            html`<tr>
              <td>${label(r.year)}</td>
              <td>${r.segment}</td>
              <td>${r.category}</td>
              <td class="num">${pct(r.share)}</td>
              <td class="num">${countOfN(r)}</td>
              <td class="num">${interval(r)}</td>
              <td>${r.source}</td>
              <td>${r.sample ?? "all"}</td>
              <td>${numbersOf(r).join(", ")}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}
