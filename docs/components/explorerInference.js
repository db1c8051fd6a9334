import { html } from "htl";

/**
 * What the cross-tab says about change, under the explorer's table: each row's trend across the
 * years (banner = year) and every tested pair's difference with its 95% Newcombe interval — the
 * records the CLI's table prints (`crosstab … --diffs`), from the same code (engine.trendRows,
 * engine.differenceRows), so the page and the command line show the same numbers. Folded by
 * default: the table stays the view; this is for whoever asks "by how much".
 * @param {import("../../src/survey/crosstab-result.ts").CrosstabResult} result
 * @param {typeof import("../../src/site/explorer-browser.ts")} engine
 */
export function explorerInference(result, engine) {
  const trends = result.by.id === "year" ? engine.trendRows(result) : [];
  const differences = engine.differenceRows(result);
  if (!trends.length && !differences.length) return "";
  const matrix = result.question.type === "matrix";
  const table = (/** @type {Record<string, string>[]} */ rows, /** @type {string} */ cls) => {
    const heads = Object.keys(rows[0] ?? {});
    return html`<table class=${cls}>
      <thead>
        <tr>
          ${heads.map((h) => html`<th scope="col">${h}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (r) =>
            html`<tr>
              ${heads.map((h) => html`<td>${r[h]}</td>`)}
            </tr>`,
        )}
      </tbody>
    </table>`;
  };
  const trendTable = trends.map((t) => ({
    option: t.option,
    ...(matrix ? { level: t.level ?? "" } : {}),
    trend: t.trend,
    note: t.note,
  }));
  return html`<details class="explorer-inference">
    <summary>
      Differences with 95% intervals${trends.length ? " and trends across the years" : ""}
      (${differences.length} pairs)
    </summary>
    ${
      trends.length
        ? html`<p>
              Trend: Cochran–Armitage across the years (↑ rising, ↓ falling; ! significant after
              ${result.tests.adjustment} over the table's trends; (years): the unbroken run tested);
              ‡ breaks leave no three years unbroken; · fewer than three years; * a base under
              ${engine.MIN_BASE}.
            </p>
            ${table(trendTable, "explorer-trends")}`
        : ""
    }
    <p>${engine.differencesHeading(result)}:</p>
    ${
      differences.length
        ? table(differences, "explorer-differences")
        : html`<p>No pair was tested.</p>`
    }
  </details>`;
}
