import { html } from "htl";
import { downloads } from "./downloads.js";
import { categoryBars, valueBars } from "./figurePlot.js";
import { figureTable } from "./figureTable.js";
import { nSummary } from "./format.js";
import { readState, writeState } from "./urlState.js";

const TOP = 15;
const unique = (xs) => [...new Set(xs)];

/**
 * One figure as a card: controls (year, segments, how many options), the chart with 95%
 * interval whiskers, n, a table of exactly what is drawn, downloads, the SQL and the sources.
 * Control state is kept in the URL. All text is inserted as text, never as HTML.
 */
export function FigureView({ definition, result, sources }, { defaultYear = 2019 } = {}) {
  const rows = result.rows;
  const years = unique(rows.map((r) => r.year)).sort();
  const computedYears = unique(
    rows.filter((r) => r.source === "computed").map((r) => r.year),
  ).sort();
  // Segment order as the computed rows give it; a segment only the book printed goes last.
  const segments = unique(
    [...rows.filter((r) => r.source === "computed"), ...rows].map((r) => r.segment),
  );
  const bars = definition.chart.kind === "bars";
  const byYear = !bars && segments.length === 1;
  const hasYearControl = !byYear && years.length > 1;
  const categoriesIn = (year) =>
    unique(rows.filter((r) => r.year === year).map((r) => r.category)).length;
  const categoryCount = Math.max(...years.map(categoriesIn));

  const saved = readState(definition.id);
  const state = {
    year: years.includes(Number(saved.year))
      ? Number(saved.year)
      : computedYears.includes(defaultYear)
        ? defaultYear
        : computedYears.at(-1),
    segments: saved.segments
      ? saved.segments.split("|").filter((s) => segments.includes(s))
      : segments,
    show: saved.show === "all" || saved.show === "top" ? saved.show : "top",
  };
  if (state.segments.length === 0) state.segments = segments;

  const yearSelect = html`<select aria-label="Survey year">
    ${years.map(
      (y) =>
        html`<option value=${y} selected=${y === state.year}>
          ${y}${computedYears.includes(y) ? "" : " (published)"}
        </option>`,
    )}
  </select>`;
  const segmentBoxes = segments.map(
    (s) =>
      html`<label
        ><input type="checkbox" value=${s} checked=${state.segments.includes(s)} />${s}</label
      >`,
  );
  const showSelect = html`<select aria-label="Options shown">
    <option value="top" selected=${state.show === "top"}>top ${TOP} options</option>
    <option value="all" selected=${state.show === "all"}>all options</option>
  </select>`;
  const controls = html`<div class="controls">
    ${hasYearControl ? html`<label>Year ${yearSelect}</label>` : ""}
    ${segments.length > 1 ? html`<span role="group" aria-label="Segments">${segmentBoxes}</span>` : ""}
    ${bars && categoryCount > 20 ? html`<label class="show-control">Show ${showSelect}</label>` : ""}
  </div>`;

  const subtitle = html`<p class="subtitle"></p>`;
  const chart = html`<div
    class="chart"
    role="figure"
    aria-label=${`${definition.title}: chart`}
  ></div>`;
  const table = html`<div></div>`;
  const meta = html`<div class="meta"></div>`;
  const card = html`<div class="card figure-card" id=${definition.id} data-figure=${definition.id}>
    <h2>${definition.title}</h2>
    ${subtitle}${controls}${chart}
    <details>
      <summary>Table of the drawn values</summary>
      ${table}
    </details>
    <details>
      <summary>SQL behind this figure</summary>
      <pre><code>${definition.sql}</code></pre>
    </details>
    ${meta}
  </div>`;

  function drawn() {
    let shown = rows.filter(
      (r) =>
        (byYear || !hasYearControl || r.year === state.year) && state.segments.includes(r.segment),
    );
    if (bars) {
      const sortBy = definition.chart.sortBy;
      const key = new Map(
        shown.filter((r) => !sortBy || r.segment === sortBy).map((r) => [r.category, r.share]),
      );
      let categories = unique(shown.map((r) => r.category));
      if (sortBy) categories.sort((a, b) => (key.get(b) ?? -1) - (key.get(a) ?? -1));
      if (state.show === "top" && categoryCount > 20) categories = categories.slice(0, TOP);
      shown = shown.filter((r) => categories.includes(r.category));
      return { shown, categories };
    }
    return { shown, categories: [] };
  }

  function render() {
    const { shown, categories } = drawn();
    const width = Math.max(280, chart.clientWidth || card.clientWidth || 640);
    subtitle.textContent = `${definition.universe}. ${nSummary(shown)}`;
    chart.replaceChildren(
      shown.length === 0
        ? html`<p>No rows for this selection.</p>`
        : bars
          ? categoryBars(shown, { width, categories, segments: state.segments })
          : valueBars(shown, { width, by: byYear ? "year" : "segment" }),
    );
    table.replaceChildren(figureTable(shown));
    // "Top 15" only means something when this year offered more options than that.
    const showControl = controls.querySelector(".show-control");
    if (showControl) showControl.hidden = categoriesIn(state.year) <= TOP;
    // Likewise a segment with no rows in the selected year (2017 has only what the book printed).
    for (const box of segmentBoxes)
      box.hidden =
        hasYearControl &&
        !rows.some((r) => r.year === state.year && r.segment === box.querySelector("input").value);
    const surveyList = sources
      .map((s) => `${s.file.split("/").pop()} (cncf/surveys@${s.commit.slice(0, 7)}, ${s.license})`)
      .join("; ");
    meta.replaceChildren(
      downloads(definition, result, shown),
      html`<p>
        Source: ${surveyList}. ${definition.book}. Computed by kube-census; 2017 values are printed
        in the book only.
      </p>`,
    );
    writeState(definition.id, {
      year: hasYearControl ? String(state.year) : undefined,
      segments: state.segments.length === segments.length ? undefined : state.segments.join("|"),
      show: bars && categoryCount > 20 && state.show !== "top" ? state.show : undefined,
    });
  }

  yearSelect.addEventListener("change", () => {
    state.year = Number(yearSelect.value);
    render();
  });
  for (const box of segmentBoxes)
    box.querySelector("input").addEventListener("change", () => {
      state.segments = segmentBoxes
        .map((b) => b.querySelector("input"))
        .filter((i) => i.checked)
        .map((i) => i.value);
      render();
    });
  showSelect.addEventListener("change", () => {
    state.show = showSelect.value;
    render();
  });
  let lastWidth = 0;
  new ResizeObserver(() => {
    if (Math.abs(chart.clientWidth - lastWidth) > 8) {
      lastWidth = chart.clientWidth;
      render();
    }
  }).observe(chart);
  render();
  return card;
}
