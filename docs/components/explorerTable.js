import { html } from "htl";
import { pct } from "./format.js";

/**
 * The cross-tab as a banner table: a column per letter (label in the header), a row per option
 * (and level), and heading each year the rows asked, no answer and base (as the CLI's table);
 * each cell its share, 95% interval, the letters it is significantly higher than, * when its base
 * is too small to test, ° when some pairs were not tested (expected count under 5), and ‡ with the
 * numbers of the breaks that make it not comparable with an earlier year.
 * Weighted (`weighted`: the weighted year's columns), that year's base rows say the base
 * unweighted, its Σw, n_eff and design effect, and the cells' shares are weighted.
 * @param {import("../../src/survey/crosstab-result.ts").CrosstabResult} result
 * @param {{ label?: (year: number) => string, weighted?: import("../../src/site/explorer-crosstab.ts").WeightedColumn[] }} [options]
 */
export function explorerTable(result, { label = String, weighted = [] } = {}) {
  const byYear = result.by.id === "year";
  const matrix = result.question.type === "matrix";
  const letters = result.columns.map((c) => c.letter);
  /** @typedef {import("../../src/survey/crosstab-assembly.ts").CrosstabCell} Cell */
  /** @type {Map<number, { n: Map<string, Cell>, rows: Map<string, { option: string, level: string | null, cells: Map<string, Cell> }> }>} */
  const groups = new Map();
  for (const c of result.rows) {
    const year = byYear ? 0 : c.year;
    const g = groups.get(year) ?? { n: new Map(), rows: new Map() };
    groups.set(year, g);
    g.n.set(c.letter, c);
    const key = JSON.stringify([c.option, c.level]);
    const row = g.rows.get(key) ?? { option: c.option, level: c.level, cells: new Map() };
    g.rows.set(key, row);
    row.cells.set(c.letter, c);
  }
  const baseLabel = result.base.id === "valid" ? "base (valid)" : "base (answered)";
  const cell = (/** @type {Cell | undefined} */ c) =>
    !c
      ? html`<td class="num">–</td>`
      : html`<td class="num" data-letter=${c.letter}>
          <span class="share"
            >${pct(c.share)}${c.small_base ? "*" : ""}${c.low_expected.length ? "°" : ""}</span
          >
          ${c.higher_than.length ? html`<b class="letters">${c.higher_than.join(" ")}</b>` : ""}
          ${
            c.not_comparable.length && c.breaks.length
              ? html`<span
                  class="breaks"
                  title=${`Not comparable with ${c.not_comparable.join(", ")}: breaks ${c.breaks.join(", ")}`}
                  >‡${c.breaks.join(",")}</span
                >`
              : ""
          }
          <span class="ci">${c.ci_low === null ? "" : `${pct(c.ci_low)}–${pct(c.ci_high)}`}</span>
        </td>`;
  const span = matrix ? 2 : 1;
  // Rows appended one by one: a template holding several <tr> would not land in the <tbody>.
  const tbody = document.createElement("tbody");
  for (const [year, g] of groups) {
    if (!byYear)
      tbody.append(
        html`<tr class="year-row">
          <th colspan=${span + letters.length}>${label(year)}</th>
        </tr>`,
      );
    // The ladder of bases, as the CLI prints it: asked, no answer (asked − answered), the base.
    /** @param {string} name @param {string} cls @param {(c: Cell) => string} text */
    const baseRow = (name, cls, text) =>
      html`<tr class=${cls}>
        <th scope="row" colspan=${span}>${name}</th>
        ${letters.map((l) => {
          const c = g.n.get(l);
          return html`<td class="num">${c ? text(c) : "–"}</td>`;
        })}
      </tr>`;
    if (result.rows.some((c) => c.asked !== undefined))
      tbody.append(
        baseRow("asked", "n-row asked-row", (c) => String(c.asked)),
        baseRow("no answer", "n-row no-answer-row", (c) => String(c.no_answer)),
      );
    // A weighted year's column: its base as counted, then Σw, n_eff and the design effect.
    const weightOf = (/** @type {Cell} */ c) =>
      weighted.find((w) => w.year === c.year && w.column === c.column);
    const weightedHere = [...g.n.values()].some((c) => weightOf(c));
    const small = (/** @type {Cell} */ c) => (c.small_base ? "*" : "");
    tbody.append(
      baseRow(baseLabel, "n-row base-row", (c) => `${weightOf(c)?.n ?? c.n}${small(c)}`),
    );
    if (weightedHere)
      tbody.append(
        baseRow("weighted base (Σw)", "n-row weighted-row", (c) => {
          const w = weightOf(c);
          return w ? w.weighted_base.toFixed(1) : String(c.n);
        }),
        baseRow("effective base (n_eff)", "n-row neff-row", (c) => {
          const w = weightOf(c);
          return w ? `${w.n_eff.toFixed(1)}${small(c)}` : String(c.n);
        }),
        baseRow("design effect", "n-row deff-row", (c) => {
          const w = weightOf(c);
          return w ? w.design_effect.toFixed(2) : "1.00";
        }),
      );
    for (const r of g.rows.values())
      tbody.append(
        html`<tr>
          <th scope="row">${r.option}</th>
          ${matrix ? html`<td>${r.level ?? ""}</td>` : ""}
          ${letters.map((l) => cell(r.cells.get(l)))}
        </tr>`,
      );
  }
  // Focusable: on a phone the table scrolls inside itself, and keyboards must reach it.
  return html`<table class="crosstab" tabindex="0">
    <thead>
      <tr>
        <th colspan=${span}>${result.by.label}</th>
        ${result.columns.map(
          (c) =>
            html`<th class="num" title=${c.label}>
              <span class="letter">${c.letter}</span> <span class="col-label">${c.label}</span>
            </th>`,
        )}
      </tr>
    </thead>
    ${tbody}
  </table>`;
}
