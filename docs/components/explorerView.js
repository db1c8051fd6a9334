import { html } from "htl";
import { explorerChart } from "./explorerChart.js";
import { explorerFilters, filterText } from "./explorerFilters.js";
import { explorerTable } from "./explorerTable.js";
import { crosstabDownload } from "./crosstabDownload.js";
import { COLORS } from "./palette.js";
import { readList, readState, writeState } from "./urlState.js";

const ID = "explorer";
const DEFAULTS = {
  q: "challenges",
  by: "org_size",
  year: "2019",
  universe: "k8s-users",
  sample: "all",
  adjust: "bonferroni",
};
const UNIVERSES = [
  ["respondents", "Respondents"],
  ["k8s-users", "Kubernetes users"],
];
const SAMPLES = [
  ["all", "Whole sample"],
  ["community", "Community part"],
  ["panel", "Paid panel (2022)"],
];
const ADJUSTMENTS = [
  ["bonferroni", "Bonferroni (per row)"],
  ["holm", "Holm (per row)"],
  ["bh", "Benjamini–Hochberg (table)"],
];

/** A word for the shell: quoted when it holds anything the shell would read. */
const shellWord = (s) => (/^[\w.,:/-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`);

/** The same cross-tab on the command line. */
function command(s) {
  return [
    "npx kube-census crosstab",
    shellWord(s.q),
    `--by ${shellWord(s.by)}`,
    ...(s.year === "all" ? [] : [`--year ${shellWord(s.year)}`]),
    `--universe ${s.universe}`,
    ...s.where.map((w) => `--where ${shellWord(w)}`),
    ...(s.sample === "all" ? [] : [`--sample ${s.sample}`]),
    ...(s.valid ? ["--valid"] : []),
    ...(s.comparable ? ["--comparable"] : []),
    ...(s.adjust === "bonferroni" ? [] : [`--adjust ${s.adjust}`]),
  ].join(" ");
}

/**
 * The survey explorer: any closed question by a single-choice banner or the year, in a universe,
 * for one year or all, under filters — computed in the browser (arquero over the answers file,
 * then the CLI's own assembly and column tests). State in the URL; text always as text.
 */
export function ExplorerView({ meta, answers, engine }) {
  const data = new engine.ExplorerData(meta, new Uint8Array(answers));
  const questions = [...meta.questions].sort((a, b) => a.label.localeCompare(b.label));
  const yearLabel = (y) => meta.periods[y] ?? String(y);
  const saved = readState(ID);
  const state = {
    q: saved.q ?? DEFAULTS.q,
    by: saved.by ?? DEFAULTS.by,
    year: saved.year ?? DEFAULTS.year,
    universe: saved.universe ?? DEFAULTS.universe,
    where: readList(ID, "where"),
    sample: saved.sample ?? DEFAULTS.sample,
    // Flags: "1" in the URL when on, absent when off.
    valid: saved.valid === "1" ? "1" : undefined,
    comparable: saved.comparable === "1" ? "1" : undefined,
    adjust: saved.adjust ?? DEFAULTS.adjust,
    chart: saved.chart,
  };
  const request = () => ({
    question: state.q,
    by: state.by,
    year: state.year === "all" ? undefined : state.year,
    universe: state.universe,
    where: state.where,
    sample: state.sample,
    valid: state.valid === "1",
    comparable: state.comparable === "1",
    adjust: state.adjust,
  });

  const option = (value, text, selected) =>
    html`<option value=${value} selected=${value === selected}>${text}</option>`;
  const questionSelect = html`<select aria-label="Question">
    ${questions.map((q) => option(q.id, q.label, state.q))}
  </select>`;
  const bySelect = html`<select aria-label="Banner">
    ${option("year", "Survey year", state.by)}
    ${option("sample", "Sample: community or paid panel (2022)", state.by)}
    <optgroup label="Single-choice questions">
      ${questions.filter((q) => q.type === "single").map((q) => option(q.id, q.label, state.by))}
    </optgroup>
    <optgroup label="Multi-select and matrix (cannot be a banner)">
      ${questions.filter((q) => q.type !== "single").map((q) => option(q.id, q.label, state.by))}
    </optgroup>
  </select>`;
  const yearSelect = html`<select aria-label="Year"></select>`;
  const universeSelect = html`<select aria-label="Universe">
    ${UNIVERSES.map(([v, t]) => option(v, t, state.universe))}
  </select>`;
  const sampleSelect = html`<select aria-label="Sample">
    ${SAMPLES.map(([v, t]) => option(v, t, state.sample))}
  </select>`;
  const adjustSelect = html`<select aria-label="Adjustment">
    ${ADJUSTMENTS.map(([v, t]) => option(v, t, state.adjust))}
  </select>`;
  const validBox = html`<input type="checkbox" name="valid" checked=${state.valid === "1"} />`;
  const comparableBox = html`<input
    type="checkbox"
    name="comparable"
    checked=${state.comparable === "1"}
  />`;
  const chartSelect = html`<select aria-label="Chart shows"></select>`;
  const chartControl = html`<label>Chart shows ${chartSelect}</label>`;
  const filters = html`<div></div>`;
  const subtitle = html`<p class="subtitle"></p>`;
  const error = html`<p class="explorer-error" role="alert"></p>`;
  const legend = html`<ul class="explorer-legend" aria-label="Banner columns"></ul>`;
  const chart = html`<div class="chart" role="figure" aria-label="Cross-tab chart"></div>`;
  const table = html`<div class="table-scroll"></div>`;
  const notes = html`<div class="explorer-notes"></div>`;
  const output = html`<div class="explorer-output">
    ${legend}
    <div class="controls">${chartControl}</div>
    ${chart}${table}${notes}
  </div>`;
  const card = html`<div class="card explorer-card" id=${ID}>
    <div class="controls">
      <label>Question ${questionSelect}</label>
      <label>by ${bySelect}</label>
      <label>Year ${yearSelect}</label>
      <label>Universe ${universeSelect}</label>
      <label>Sample ${sampleSelect}</label>
    </div>
    <div class="controls">
      <label>${validBox} Base: valid answers only (no don't know / not applicable)</label>
      <label>${comparableBox} Comparable rows only</label>
      <label>Tests corrected by ${adjustSelect}</label>
    </div>
    ${filters}${subtitle}${error}${output}
  </div>`;

  function years() {
    try {
      return engine.availableYears(data, request());
    } catch (e) {
      if (e instanceof engine.ExplorerError) return [];
      throw e;
    }
  }

  /** After a change of question, banner, universe or filters, a year they lack becomes "all". */
  function keepYear() {
    if (state.year !== "all" && !years().includes(Number(state.year))) state.year = "all";
  }

  let last = null;
  const colorsOf = (result) => result.columns.map((_, i) => COLORS[i % COLORS.length]);

  function render() {
    const started = performance.now();
    let result = null;
    try {
      result = engine.explorerCrosstab(data, request());
      error.textContent = "";
    } catch (e) {
      if (!(e instanceof engine.ExplorerError)) throw e;
      error.textContent = e.message;
    }
    const valid = years();
    yearSelect.replaceChildren(
      option(
        "all",
        `All years${valid.length ? ` (${valid.map(yearLabel).join(", ")})` : ""}`,
        state.year,
      ),
      ...[...new Set([...valid.map(String), ...(state.year === "all" ? [] : [state.year])])]
        .sort()
        .map((y) => option(y, yearLabel(Number(y)), state.year)),
    );
    filters.replaceChildren(
      explorerFilters(questions, state.where, (where) => {
        state.where = where;
        keepYear();
        render();
      }),
    );
    output.hidden = !result;
    card.dataset.result = result ? JSON.stringify(result) : "";
    last = result;
    if (result) draw(result);
    subtitle.textContent = result
      ? `${result.question.label} by ${result.by.label.toLowerCase()} · ${result.universe.description}` +
        `${result.filters.length ? ` · where ${state.where.map(filterText).join(" and ")}` : ""}` +
        ` · ${result.years.map(yearLabel).join(", ")}` +
        (result.sample === "all" ? "" : ` · ${result.sample} part of the sample`) +
        ` · base: ${result.base.id}${result.comparable ? " · comparable rows only" : ""}`
      : "";
    writeState(ID, {
      ...state,
      chart: output.hidden || chartControl.hidden ? undefined : state.chart,
    });
    card.dataset.computeMs = (performance.now() - started).toFixed(1);
  }

  function draw(result) {
    const colors = colorsOf(result);
    legend.replaceChildren(
      ...result.columns.map(
        (c, i) =>
          html`<li>
            <span class="swatch" style=${{ background: colors[i] }}></span>
            <b>${c.letter}</b> ${c.label} <span class="muted">n = ${c.n}</span>
          </li>`,
      ),
    );
    table.replaceChildren(explorerTable(result, { label: yearLabel }));
    drawChart(result, colors);
    drawNotes(result);
  }

  /** One chart slice per year (unless the years are the columns) and matrix level. */
  function drawChart(result, colors) {
    const byYear = result.by.id === "year";
    const sliceOf = (c) => JSON.stringify([byYear ? null : c.year, c.level]);
    const slices = [...new Set(result.rows.map(sliceOf))];
    const sliceText = (s) => {
      const [year, level] = JSON.parse(s);
      return [year === null ? null : yearLabel(year), level].filter((x) => x !== null).join(" · ");
    };
    if (!slices.includes(state.chart)) state.chart = slices[0];
    chartSelect.replaceChildren(...slices.map((s) => option(s, sliceText(s), state.chart)));
    chartControl.hidden = slices.length < 2;
    const width = Math.max(280, chart.clientWidth || card.clientWidth || 640);
    const cells = result.rows.filter((c) => sliceOf(c) === state.chart);
    chart.replaceChildren(
      cells.some((c) => c.share !== null)
        ? explorerChart(cells, { width, columns: result.columns, colors })
        : html`<p>No respondent in this slice.</p>`,
    );
  }

  function drawNotes(result) {
    const byYear = result.by.id === "year";
    const csv = crosstabDownload(result, engine.crosstabCsv(result), {
      provenance: meta.provenance,
      yearLabel,
    });
    const t = result.tests;
    const breaks = result.breaks.map(
      (b) =>
        html`<li value=${b.number}>
          ${b.year}
          ${b.kind}${b.option ? ` (${b.option})` : ""}${b.role === "row" ? "" : `, ${b.role}${b.question ? ` ${b.question}` : ""}`}:
          ${b.text}
        </li>`,
    );
    notes.replaceChildren(
      html`<p>
          Cells: share of the column's base (${result.base.id}) choosing the row, its 95% Wilson
          interval, and in bold the letters of the columns it is significantly higher
          than${byYear ? "" : " (same year)"}; – : not offered that year; * small base (n &lt;
          ${engine.MIN_BASE}): shown, not tested; ° some pairs not tested (expected count under
          ${engine.MIN_EXPECTED})${byYear ? "; ‡ not comparable with an earlier year across the numbered breaks: no letter is drawn across them" : ""}.
          Bases: ${engine.BASES.asked};
          ${engine.BASES.answered}${result.base.id === "valid" ? `; ${engine.BASES.valid}` : ""}.
        </p>
        ${
          breaks.length
            ? html`<div class="explorer-breaks">
                <p>Breaks (numbered in the cells):</p>
                <ol>
                  ${breaks}
                </ol>
              </div>`
            : ""
        }
        <p class="explorer-tests">
          Tests: ${t.run} run (${t.significant} significant, ${t.adjustment}); not tested:
          ${t.not_comparable} pairs across a break, ${t.low_expected} with expected counts under
          ${engine.MIN_EXPECTED}, ${t.small_base} small-base cells.
        </p>
        <p>Method: ${result.method}</p>
        <p class="explorer-disclosure">${result.disclosure}</p>
        <p class="meta">${csv} · The same on the command line: <code>${command(state)}</code></p>`,
    );
  }

  const on = (element, update) =>
    element.addEventListener("change", () => {
      update();
      render();
    });
  on(questionSelect, () => {
    state.q = questionSelect.value;
    keepYear();
  });
  on(bySelect, () => {
    state.by = bySelect.value;
    // The sample banner splits the whole sample: it cannot also pick one part.
    if (state.by === "sample") state.sample = sampleSelect.value = "all";
    keepYear();
  });
  on(sampleSelect, () => {
    state.sample = sampleSelect.value;
    keepYear();
  });
  on(validBox, () => (state.valid = validBox.checked ? "1" : undefined));
  on(comparableBox, () => (state.comparable = comparableBox.checked ? "1" : undefined));
  on(adjustSelect, () => (state.adjust = adjustSelect.value));
  on(universeSelect, () => {
    state.universe = universeSelect.value;
    keepYear();
  });
  on(yearSelect, () => (state.year = yearSelect.value));
  chartSelect.addEventListener("change", () => {
    state.chart = chartSelect.value;
    drawChart(last, colorsOf(last));
    writeState(ID, state);
  });
  let lastWidth = 0;
  new ResizeObserver(() => {
    if (Math.abs(chart.clientWidth - lastWidth) > 8) {
      lastWidth = chart.clientWidth;
      if (last) drawChart(last, colorsOf(last));
    }
  }).observe(chart);
  render();
  return card;
}
