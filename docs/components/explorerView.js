import { html } from "htl";
import { explorerChart } from "./explorerChart.js";
import { explorerFilters, filterText } from "./explorerFilters.js";
import { explorerNets } from "./explorerNets.js";
import { explorerInference } from "./explorerInference.js";
import { explorerLines, MAX_LINES } from "./explorerLines.js";
import { explorerTable } from "./explorerTable.js";
import { crosstabDownload, crosstabName } from "./crosstabDownload.js";
import { SAMPLING_DISCLOSURE_SHORT } from "./generated/browser.js";
import { imageDownloads } from "./imageExport.js";
import { COLORS } from "./palette.js";
import { readList, readState, writeState } from "./urlState.js";

/** @typedef {import("../../src/site/explorer-crosstab.ts").ExplorerResult} Result */
/** @typedef {import("../../src/survey/crosstab-assembly.ts").CrosstabCell} Cell */
/** @typedef {import("../../src/survey/crosstab-breaks.ts").CrosstabBreak} Break */
/**
 * The explorer's controls, as the address keeps them (flags "1" when on).
 * @typedef {{ q: string, by: string, year: string, universe: string, where: string[], sample: string, valid: "1" | undefined, comparable: "1" | undefined, adjust: string, nets: "1" | undefined, net: string[], weight: string | undefined, chart: string | undefined, sort: string, top: string, search: string, view: string }} State
 */

const ID = "explorer";
// No default year: the explorer opens on the newest year the default cross-tab has data for.
const DEFAULTS = {
  q: "challenges",
  by: "org_size",
  universe: "k8s-users",
  sample: "all",
  adjust: "bonferroni",
};
/** @type {[value: string, text: string][]} */
const UNIVERSES = [
  ["respondents", "Respondents"],
  ["k8s-users", "Kubernetes users"],
];
/** @type {[value: string, text: string][]} */
const TOPS = [
  ["all", "All options"],
  ["10", "Top 10"],
  ["15", "Top 15"],
];
/** A search waits this long after the last keystroke, so typing a word recomputes once. */
const DEBOUNCE_MS = 250;
/** @type {[value: string, text: string][]} */
const ADJUSTMENTS = [
  ["bonferroni", "Bonferroni (per row)"],
  ["holm", "Holm (per row)"],
  ["bh", "Benjamini–Hochberg (table)"],
];

/** A word for the shell: quoted when it holds anything the shell would read. */
const shellWord = (/** @type {string} */ s) =>
  /^[\w.,:/-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`;

/**
 * The same cross-tab on the command line.
 * @param {State} s
 * @param {{ target: number, by: string[] } | undefined} [weighting] the weighting chosen
 */
function command(s, weighting) {
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
    ...(s.nets ? ["--nets"] : []),
    ...s.net.map((n) => `--net ${shellWord(n)}`),
    ...(weighting ? [weightFlags(weighting)] : []),
  ].join(" ");
}

/**
 * A weighting as the cross-tab's flags (`crosstab --weight <year> --weight-by <questions>`).
 * @param {{ target: number, by: string[] }} w
 */
const weightFlags = (w) => `--weight ${w.target} --weight-by ${w.by.join(",")}`;

/**
 * The survey explorer: any closed question by a single-choice banner or the year, in a universe,
 * for one year or all, under filters — computed in the browser (arquero over the answers file,
 * then the CLI's own assembly and column tests). The rows drawn can be sorted by share, cut to
 * the top N and searched; with the years as columns, drawn as lines. State in the URL; text
 * always as text. `mount(card)` puts the card in the page just before its first drawing (the page
 * replaces the build's stand-in with it, hydrateLive), so the chart is drawn once, at its real
 * width; the card is returned either way. `width` is the width drawn at where there is no layout
 * (the build's stand-in, src/site/slots.ts), so the stand-in is as tall as the live card.
 * @param {{ meta: import("../../src/site/site-data-types.ts").ExplorerMetaFile, answers: ArrayBuffer, engine: typeof import("../../src/site/explorer-browser.ts"), mount?: (card: HTMLElement) => void, width?: number }} options
 */
export function ExplorerView({ meta, answers, engine, mount, width: unlaidWidth = 640 }) {
  const data = new engine.ExplorerData(meta, new Uint8Array(answers));
  const questions = [...meta.questions].sort((a, b) => a.label.localeCompare(b.label));
  const questionOf = new Map(meta.questions.map((q) => [q.id, q]));
  const yearLabel = (/** @type {number} */ y) => meta.periods[y] ?? String(y);
  // The years with a paid panel, by name, from the data ("2022"): the sample choices say which.
  const panelNames = meta.panels
    .filter((p) => p.share > 0)
    .map((p) => yearLabel(p.year))
    .join(", ");
  /** @type {[value: string, text: string][]} */
  const SAMPLES = [
    ["all", "Whole sample"],
    ["community", "Community part"],
    ["panel", `Paid panel${panelNames ? ` (${panelNames})` : ""}`],
  ];
  const saved = readState(ID);
  const by = saved.by ?? DEFAULTS.by;
  /** @type {State} */
  const state = {
    q: saved.q ?? DEFAULTS.q,
    by,
    // The year chosen, kept when a question lacks it (the view then shows all years and says so).
    // Across the years as columns, all of them unless one was chosen.
    // Without one in the address: the newest year this cross-tab has (set below, once the years
    // of the request can be asked for).
    year: saved.year ?? (by === "year" ? "all" : ""),
    universe: saved.universe ?? DEFAULTS.universe,
    where: readList(ID, "where"),
    sample: saved.sample ?? DEFAULTS.sample,
    // Flags: "1" in the URL when on, absent when off.
    valid: saved.valid === "1" ? "1" : undefined,
    comparable: saved.comparable === "1" ? "1" : undefined,
    adjust: saved.adjust ?? DEFAULTS.adjust,
    // Nets: the standard ones ("1"), and nets defined on the question (`name=a|b`, as --net).
    nets: saved.nets === "1" ? "1" : undefined,
    net: readList(ID, "net"),
    weight: saved.weight || undefined,
    chart: saved.chart,
    // The rows drawn: codebook order or by share in a column (its letter), top N, a search.
    sort: saved.sort ?? "codebook",
    top: saved.top && TOPS.some(([v]) => v === saved.top) ? saved.top : "all",
    search: saved.search ?? "",
    view: saved.view === "lines" ? "lines" : "bars",
  };
  // The year chosen before the survey year became the banner (which starts at all years).
  /** @type {string | null} */
  let yearBeforeYearBanner = null;

  const baseRequest = () => ({
    question: state.q,
    by: state.by,
    universe: state.universe,
    where: state.where,
    sample: state.sample,
    valid: state.valid === "1",
    comparable: state.comparable === "1",
    adjust: state.adjust,
    net: state.net,
    nets: state.nets === "1",
    weight: state.weight,
  });
  const weightings = meta.weightings ?? [];
  /** The weighting chosen, as the command line names it. */
  const chosenWeighting = () => weightings.find((w) => w.id === state.weight);
  /** A base: the people counted (weighted too: Σw and n_eff have rows of their own). */
  const baseText = (/** @type {number} */ n) => n.toLocaleString("en");

  // The current request's years and result: a change that only re-arranges rows (sort, top-N,
  // search, chart) draws again without counting again, and one change asks for the years once.
  // Only the latest of each is kept: an earlier view is counted again (answers stay decoded).
  /** @type {Map<string, unknown>} */
  const memo = new Map();
  /**
   * @template T
   * @param {string} key
   * @param {() => T} compute
   * @returns {T}
   */
  const remember = (key, compute) => {
    if (!memo.has(key)) {
      const oldest = memo.keys().next().value;
      if (memo.size >= 2 && oldest !== undefined) memo.delete(oldest);
      memo.set(key, compute());
    }
    return /** @type {T} */ (memo.get(key));
  };
  let computes = 0;
  let draws = 0;

  /** The years this question, banner, universe, filters and sample have (none: it is refused). */
  /** @returns {number[]} */
  function years() {
    return remember(JSON.stringify(["years", baseRequest()]), () => {
      try {
        return engine.availableYears(data, baseRequest());
      } catch (e) {
        if (e instanceof engine.ExplorerError) return [];
        throw e;
      }
    });
  }
  if (state.year === "") state.year = String(years().at(-1) ?? "all");
  /** The year used: the chosen one where the request has it, otherwise every year. */
  const effectiveYear = () =>
    state.year !== "all" && years().includes(Number(state.year)) ? state.year : "all";
  const request = () => {
    const year = effectiveYear();
    return { ...baseRequest(), year: year === "all" ? undefined : year };
  };
  /** @returns {{ result?: Result, error?: string }} */
  function compute() {
    return remember(JSON.stringify(["result", request()]), () => {
      computes++;
      try {
        return { result: engine.explorerCrosstab(data, request()) };
      } catch (e) {
        if (!(e instanceof engine.ExplorerError)) throw e;
        return { error: e.message };
      }
    });
  }

  const option = (
    /** @type {string} */ value,
    /** @type {string} */ text,
    /** @type {string | undefined} */ selected,
  ) => html`<option value=${value} selected=${value === selected}>${text}</option>`;
  const questionSelect = /** @type {HTMLSelectElement} */ (
    html`<select aria-label="Question">
      ${questions.map((q) => option(q.id, q.label, state.q))}
    </select>`
  );
  const bySelect = /** @type {HTMLSelectElement} */ (
    html`<select aria-label="Banner">
      ${option("year", "Survey year", state.by)}
      ${option("sample", `Sample: community or paid panel${panelNames ? ` (${panelNames})` : ""}`, state.by)}
      <optgroup label="Single-choice questions">
        ${questions.filter((q) => q.type === "single").map((q) => option(q.id, q.label, state.by))}
      </optgroup>
      <optgroup label="Multi-select questions (overlapping columns)">
        ${questions.filter((q) => q.type === "multi").map((q) => option(q.id, q.label, state.by))}
      </optgroup>
      <optgroup label="Matrix (cannot be a banner)">
        ${questions.filter((q) => q.type === "matrix").map((q) => option(q.id, q.label, state.by))}
      </optgroup>
    </select>`
  );
  const yearSelect = /** @type {HTMLSelectElement} */ (html`<select aria-label="Year"></select>`);
  const universeSelect = /** @type {HTMLSelectElement} */ (
    html`<select aria-label="Universe">
      ${UNIVERSES.map(([v, t]) => option(v, t, state.universe))}
    </select>`
  );
  const sampleSelect = /** @type {HTMLSelectElement} */ (
    html`<select aria-label="Sample">
      ${SAMPLES.map(([v, t]) => option(v, t, state.sample))}
    </select>`
  );
  const adjustSelect = /** @type {HTMLSelectElement} */ (
    html`<select aria-label="Adjustment">
      ${ADJUSTMENTS.map(([v, t]) => option(v, t, state.adjust))}
    </select>`
  );
  const weightSelect = /** @type {HTMLSelectElement} */ (
    html`<select aria-label="Weighting">
      ${option("", "None (each respondent counts once)", state.weight ?? "")}
      ${weightings.map((w) => option(w.id, w.label, state.weight))}
    </select>`
  );
  const netsBox = html`<div></div>`;
  const weightNote = html`<p class="explorer-weighting muted" role="status"></p>`;
  const validBox = /** @type {HTMLInputElement} */ (
    html`<input type="checkbox" name="valid" checked=${state.valid === "1"} />`
  );
  const comparableBox = /** @type {HTMLInputElement} */ (
    html`<input type="checkbox" name="comparable" checked=${state.comparable === "1"} />`
  );
  const sortSelect = /** @type {HTMLSelectElement} */ (
    html`<select aria-label="Order of the options"></select>`
  );
  const topSelect = /** @type {HTMLSelectElement} */ (
    html`<select aria-label="Options shown">
      ${TOPS.map(([v, t]) => option(v, t, state.top))}
    </select>`
  );
  const searchBox = /** @type {HTMLInputElement} */ (
    html`<input
      type="search"
      aria-label="Find an option"
      placeholder="Find an option"
      value=${state.search}
    />`
  );
  const viewSelect = /** @type {HTMLSelectElement} */ (
    html`<select aria-label="Chart type">
      ${option("bars", "Bars", state.view)} ${option("lines", "Lines across the years", state.view)}
    </select>`
  );
  const viewControl = html`<label>Draw as ${viewSelect}</label>`;
  const chartSelect = /** @type {HTMLSelectElement} */ (
    html`<select aria-label="Chart shows"></select>`
  );
  const chartControl = html`<label>Chart shows ${chartSelect}</label>`;
  const filters = html`<div></div>`;
  const subtitle = html`<p class="subtitle"></p>`;
  const yearNote = html`<p class="explorer-year-note" role="status"></p>`;
  const error = html`<p class="explorer-error" role="alert"></p>`;
  const legend = html`<ul class="explorer-legend" aria-label="Banner columns"></ul>`;
  const shownNote = html`<p class="explorer-shown muted" role="status"></p>`;
  const chart = html`<div class="chart" role="figure" aria-label="Cross-tab chart"></div>`;
  const table = html`<div class="table-scroll"></div>`;
  const notes = html`<div class="explorer-notes"></div>`;
  const output = html`<div class="explorer-output">
    ${legend}
    <div class="controls explorer-rows">
      <label>Order ${sortSelect}</label>
      <label>Show ${topSelect}</label>
      <label>Find ${searchBox}</label>
      ${viewControl} ${chartControl}
    </div>
    ${shownNote}${chart}${table}${notes}
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
      ${weightings.length ? html`<label>Weight ${weightSelect}</label>` : ""}
    </div>
    ${filters}${netsBox}${subtitle}${weightNote}${yearNote}${error}${output}
  </div>`;

  /** @type {Result | null} */
  let last = null;
  /** @type {Cell[]} */
  let drawn = [];
  /** @type {string | null} */
  let specUrl = null;
  const colorsOf = (/** @type {Result} */ result) =>
    result.columns.map((_, i) => COLORS[i % COLORS.length] ?? "");
  const byYearOf = (/** @type {Result} */ result) => result.by.id === "year";
  /** A column's name: with the years as columns, the survey as it is known ("1H 2020"). */
  const columnLabel = (/** @type {Result} */ result, /** @type {{ label: string }} */ c) =>
    byYearOf(result) ? yearLabel(Number(c.label)) : c.label;
  const rowChoice = () => ({
    sort: state.sort,
    top: state.top === "all" ? null : Number(state.top),
    search: state.search,
  });
  /** What the drawn rows and chart add to a download's name (src/render/download-name.ts). */
  const shownName = (/** @type {Result} */ result) => ({
    ...rowChoice(),
    lines: linesShown(result),
  });
  const linesShown = (/** @type {Result} */ result) =>
    byYearOf(result) && result.columns.length > 1 && state.view === "lines";

  /** Counts again (if the request is new) and draws everything: once per change of a control. */
  function render() {
    const started = performance.now();
    const { result = null, error: message = "" } = compute();
    error.textContent = message;
    const valid = years();
    const year = effectiveYear();
    yearSelect.replaceChildren(
      option(
        "all",
        `All years${valid.length ? ` (${valid.map(yearLabel).join(", ")})` : ""}`,
        state.year,
      ),
      ...[...new Set([...valid.map(String), ...(state.year === "all" ? [] : [state.year])])]
        .sort()
        .map((y) =>
          option(
            y,
            valid.includes(Number(y))
              ? yearLabel(Number(y))
              : `${yearLabel(Number(y))} (not in this cross-tab)`,
            state.year,
          ),
        ),
    );
    yearNote.textContent = yearNoteText(valid, year);
    filters.replaceChildren(
      explorerFilters(questions, state.where, (where) => {
        state.where = where;
        render();
      }),
    );
    const rowQuestion = questionOf.get(state.q);
    netsBox.replaceChildren(
      rowQuestion
        ? explorerNets({
            question: rowQuestion,
            banner: questionOf.get(state.by),
            standard: state.nets === "1",
            nets: state.net,
            onChange: ({ standard, nets }) => {
              state.nets = standard ? "1" : undefined;
              state.net = nets;
              render();
            },
          })
        : "",
    );
    weightNote.textContent = result?.siteWeighting ? weightingText(result.siteWeighting) : "";
    output.hidden = !result;
    card.dataset.result = result ? JSON.stringify(result) : "";
    card.dataset.computes = String(computes);
    last = result;
    if (result) draw(result);
    subtitle.textContent = result ? subtitleText(result) : "";
    save();
    card.dataset.computeMs = (performance.now() - started).toFixed(1);
  }

  /**
   * Why the year shown is not the one chosen, and that the choice is kept.
   * @param {number[]} valid
   * @param {string} year
   */
  function yearNoteText(valid, year) {
    if (state.year === "all" || year === state.year || !valid.length) return "";
    const chosen = yearLabel(Number(state.year));
    // why: the request was answered, so its question is one of the meta's
    const q = /** @type {import("../../src/site/site-data-types.ts").ExplorerQuestion} */ (
      questionOf.get(state.q)
    );
    const shown = `showing ${valid.length > 1 ? "all its years" : "its year"} (${valid.map(yearLabel).join(", ")})`;
    const why = q.asked.includes(Number(state.year))
      ? `This cross-tab has no ${chosen} (the banner, a filter or the sample part has no answers that year)`
      : `“${q.label}” was not asked in ${chosen}`;
    return `${why}: ${shown}. ${chosen} stays chosen for the next question.`;
  }

  /** @param {Result} result */
  function subtitleText(result) {
    const n = result.columns.reduce((sum, c) => sum + c.n, 0);
    return (
      `${result.question.label} by ${result.by.label.toLowerCase()} · ${result.universe.description}` +
      `${state.where.length ? ` · where ${state.where.map((w) => filterText(w, questions)).join(" and ")}` : ""}` +
      ` · ${result.years.map(yearLabel).join(", ")}` +
      (result.sample === "all" ? "" : ` · ${result.sample} part of the sample`) +
      ` · n = ${baseText(n)}, share of ${result.base.id === "valid" ? "those with a valid answer" : "those who answered"}` +
      (result.comparable ? " · comparable rows only" : "") +
      (result.nets?.length ? ` · nets: ${result.nets.map((x) => x.name).join(", ")}` : "") +
      (result.siteWeighting ? ` · weighted: ${result.siteWeighting.label}` : "")
    );
  }

  /**
   * The weighting in numbers: per part raked, passes, n, n_eff and design effect; per column its
   * base unweighted and weighted.
   * @param {NonNullable<Result["siteWeighting"]>} w
   */
  function weightingText(w) {
    const fixed = (/** @type {number} */ x, /** @type {number} */ d) => x.toFixed(d);
    const parts = w.parts.map(
      (p) =>
        `${p.part === "all" ? "the whole sample" : `the ${p.part} part`}: ${p.n.toLocaleString("en")} respondents, ` +
        `${p.converged ? `converged in ${p.iterations} passes` : `NOT converged after ${p.iterations} passes (${fixed(p.maxDeviation * 100, 2)} points off)`}, ` +
        `n_eff ${Math.round(p.nEff).toLocaleString("en")}, design effect ${fixed(p.designEffect, 2)}`,
    );
    return (
      `${w.description} Raked on its own: ${parts.join("; ")}. ` +
      `${yearLabel(w.year)} columns: ${w.columns
        .map(
          (c) =>
            `${c.column === String(w.year) ? yearLabel(w.year) : c.column} n ${c.n}, Σw ${fixed(c.weighted_base, 1)}, n_eff ${fixed(c.n_eff, 1)}, deff ${fixed(c.design_effect, 2)}`,
        )
        .join("; ")}.`
    );
  }

  function save() {
    writeState(ID, {
      ...state,
      chart: output.hidden || chartControl.hidden ? undefined : state.chart,
      sort: state.sort === "codebook" ? undefined : state.sort,
      top: state.top === "all" ? undefined : state.top,
      search: state.search.trim() || undefined,
      view: state.view === "lines" ? "lines" : undefined,
    });
  }

  /**
   * Everything below the controls, from one result: no count, only the rows' arrangement.
   * @param {Result} result
   */
  function draw(result) {
    const started = performance.now();
    draws++;
    card.dataset.draws = String(draws);
    const colors = colorsOf(result);
    const letters = result.columns.map((c) => c.letter);
    if (state.sort !== "codebook" && !letters.includes(state.sort))
      state.sort = letters[0] ?? "codebook";
    sortSelect.replaceChildren(
      option("codebook", "Codebook order", state.sort),
      ...result.columns.map((c) =>
        option(c.letter, `Share in ${c.letter}: ${columnLabel(result, c)}`, state.sort),
      ),
    );
    drawn = engine.drawnRows(result, rowChoice());
    // For tests and scripts: the rows drawn, as a property (a matrix over all years would make
    // an attribute of a megabyte, written at every draw).
    Object.assign(card, { drawnRows: drawn });
    const options = new Set(result.rows.map((c) => JSON.stringify([c.option, c.level])));
    const kept = new Set(drawn.map((c) => JSON.stringify([c.option, c.level])));
    shownNote.textContent =
      kept.size === options.size && state.sort === "codebook"
        ? ""
        : `Showing ${kept.size} of ${options.size} rows` +
          (state.search.trim() ? ` matching “${state.search.trim()}”` : "") +
          (state.top === "all"
            ? ""
            : `, the ${state.top} highest in ${engine.rankingLetter(result, state.sort)}`) +
          (state.sort === "codebook" ? ", in codebook order" : `, by share in ${state.sort}`) +
          ". The table, the image and the CSV hold these rows.";
    legend.replaceChildren(
      ...result.columns.map(
        (c, i) =>
          html`<li>
            <span class="swatch" style=${{ background: colors[i] }}></span>
            <b>${c.letter}</b> ${columnLabel(result, c)}
            <span class="muted">n = ${baseText(c.n)}</span>
          </li>`,
      ),
    );
    const labelled = {
      ...result,
      columns: result.columns.map((c) => ({ ...c, label: columnLabel(result, c) })),
      rows: drawn,
    };
    table.replaceChildren(
      drawn.length
        ? explorerTable(labelled, { label: yearLabel, weighted: result.siteWeighting?.columns })
        : html`<p>No option matches “${state.search.trim()}”.</p>`,
    );
    drawChart(result);
    drawNotes(result);
    card.dataset.drawMs = (performance.now() - started).toFixed(1);
  }

  /**
   * One chart slice per year (unless the years are the columns) and matrix level.
   * @param {Result} result
   */
  function drawChart(result) {
    const colors = colorsOf(result);
    const byYear = byYearOf(result);
    viewControl.hidden = !byYear || result.columns.length < 2;
    const sliceOf = (/** @type {Cell} */ c) => JSON.stringify([byYear ? null : c.year, c.level]);
    const slices = [...new Set(result.rows.map(sliceOf))];
    const sliceText = (/** @type {string} */ s) => {
      const [year, level] = JSON.parse(s);
      return [year === null ? null : yearLabel(year), level].filter((x) => x !== null).join(" · ");
    };
    if (state.chart === undefined || !slices.includes(state.chart)) state.chart = slices[0];
    chartSelect.replaceChildren(...slices.map((s) => option(s, sliceText(s), state.chart)));
    chartControl.hidden = slices.length < 2;
    const width = Math.max(280, chart.clientWidth || card.clientWidth || unlaidWidth);
    const cells = drawn
      .filter((c) => sliceOf(c) === state.chart)
      .map((c) => ({ ...c, column: columnLabel(result, { label: c.column }) }));
    chart.dataset.view = linesShown(result) ? "lines" : "bars";
    if (!cells.some((c) => c.share !== null)) {
      chart.replaceChildren(
        html`<p>${drawn.length ? "No respondent in this slice." : "No option to draw."}</p>`,
      );
      return;
    }
    if (linesShown(result)) {
      const points = engine.linePoints(cells, result);
      const lines = explorerLines(points, {
        width,
        years: result.years,
        label: yearLabel,
      });
      const options = new Set(points.map((p) => p.option));
      chart.replaceChildren(
        lines.figure,
        ...(options.size > MAX_LINES
          ? [
              html`<p class="muted">
                Lines for the first ${MAX_LINES} of ${options.size} options in this order; choose
                Top 10 or find an option to draw others.
              </p>`,
            ]
          : []),
      );
    } else chart.replaceChildren(explorerChart(cells, { width, columns: result.columns, colors }));
  }

  /** A break as listed under the table, in words: the survey's name, the question's wording. */
  const breakText = (/** @type {Break} */ b) =>
    `${yearLabel(b.year)} ${b.kind}${b.option ? ` (${b.option})` : ""}` +
    `${b.role === "row" ? "" : `, ${b.role}${b.question ? ` ${questionOf.get(b.question)?.label ?? b.question}` : ""}`}: ${b.text}`;

  /** @param {Result} result */
  function sourceText(result) {
    const used = meta.sources.filter((s) => result.years.includes(s.year));
    return (
      `Source: ${used.map((s) => `${s.file.split("/").pop()} (cncf/surveys@${s.commit.slice(0, 7)}, ${s.license})`).join("; ")}. ` +
      `Computed by kube-census: ${command({ ...state, year: effectiveYear() }, chosenWeighting())}`
    );
  }

  /**
   * What the image downloads draw: exactly the view shown now.
   * @param {Result} result the one drawn
   * @returns {import("./imageExport.js").ImageParts & { name: string }}
   */
  function imageParts(result) {
    const text = (/** @type {Element} */ e) => (e.textContent ?? "").replace(/\s+/g, " ").trim();
    const colors = colorsOf(result);
    const key = linesShown(result)
      ? [...chart.querySelectorAll(".chart-key li")].map((li) => {
          const swatch = li.querySelector(".swatch");
          return {
            color: swatch ? getComputedStyle(swatch).backgroundColor : undefined,
            text: text(li),
          };
        })
      : [
          ...result.columns.map((c, i) => ({
            color: colors[i],
            text: `${c.letter} ${columnLabel(result, c)} (n = ${baseText(c.n)})`,
          })),
          { text: "95% interval" },
        ];
    const chartSlice = chartControl.hidden ? [] : [chartSelect.selectedOptions[0]?.textContent];
    // The image's name as the CSV's, without its extension.
    const name = crosstabName(result, yearLabel, "svg", shownName(result)).replace(/\.svg$/, "");
    return {
      name,
      title: result.question.label,
      subtitle: [
        subtitle.textContent,
        ...chartSlice,
        (shownNote.textContent ?? "").replace(/ The table, .*$/, ""),
      ]
        .filter(Boolean)
        .join(" · "),
      chart: /** @type {SVGSVGElement | null} */ (chart.querySelector("figure > svg")),
      key,
      notes: [
        ...(linesShown(result)
          ? []
          : ["Bars: share of the column's base; >BC: significantly higher than columns B and C."]),
        ...result.breaks.map((b) => `‡${b.number} ${breakText(b)}`),
        SAMPLING_DISCLOSURE_SHORT,
      ],
      source: sourceText(result),
    };
  }

  /** @param {Result} result */
  function drawNotes(result) {
    const byYear = byYearOf(result);
    // The rows drawn (sorted, top-N, searched), each year named as the survey is known, named
    // after the view and with its provenance sidecar.
    const drawnResult = { ...result, rows: drawn };
    const csv = crosstabDownload(drawnResult, engine.crosstabCsv(drawnResult, meta.periods), {
      provenance: meta.provenance,
      yearLabel,
      shown: shownName(result),
    });
    const spec = /** @type {HTMLAnchorElement} */ (
      html`<a download=${crosstabName(result, yearLabel, "vl.json", shownName(result))}
        >Download Vega-Lite</a
      >`
    );
    // Built when clicked (the href is set before the browser follows it): a matrix over all
    // years is thousands of rows, and most views are never downloaded.
    spec.href = "#";
    spec.addEventListener("click", () => {
      if (specUrl) URL.revokeObjectURL(specUrl);
      const view = engine.explorerVegaLite(result, drawn, {
        periods: meta.periods,
        view: linesShown(result) ? "lines" : "bars",
        colors: linesShown(result) ? COLORS : colorsOf(result),
        subtitle: subtitleText(result),
      });
      specUrl = URL.createObjectURL(
        new Blob([JSON.stringify(view, null, 2)], { type: "application/json" }),
      );
      spec.href = specUrl;
    });
    const t = result.tests;
    const breaks = result.breaks.map((b) => html`<li value=${b.number}>${breakText(b)}</li>`);
    notes.replaceChildren(
      html`<p>
          Cells: share of the column's base
          (${result.base.id === "valid" ? "valid answers" : "who answered"}) choosing the row, its
          95% Wilson interval, and in bold the letters of the columns it is significantly higher
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
          ${engine.MIN_EXPECTED}, ${t.small_base} small-base
          cells${t.overlapping ? `, ${t.overlapping} pairs of columns sharing respondents (a net and its members)` : ""}.
        </p>
        ${
          result.nets?.length
            ? html`<p class="explorer-nets-note">
                Nets (a respondent counts once, on the question's base):
                ${result.nets
                  .map(
                    (n) =>
                      `${n.name} (${questionOf.get(n.question)?.label ?? n.question}: any of ${n.members.join(", ")}; ${n.source === "codebook" ? "standard" : "defined here"})`,
                  )
                  .join(" · ")}
              </p>`
            : ""
        }
        ${explorerInference(result, engine)}
        <p>Method: ${result.method}</p>
        ${result.siteWeighting ? html`<p class="explorer-weighted-note">${result.siteWeighting.note}</p>` : ""}
        <p class="explorer-disclosure">${result.disclosure}</p>
        <p class="meta">
          ${csv} · ${spec} · ${imageDownloads(() => imageParts(result))} · The same on the command
          line:
          <code>${command({ ...state, year: effectiveYear() }, chosenWeighting())}</code>
        </p>
        <p class="meta explorer-source">${sourceText(result)}</p>`,
    );
  }

  const on = (/** @type {HTMLElement} */ element, /** @type {() => void} */ update) =>
    element.addEventListener("change", () => {
      update();
      render();
    });
  on(questionSelect, () => {
    // why: a net without a question's id is on the question it was defined for; keep the banner's
    if (state.q !== questionSelect.value)
      state.net = state.net.filter((n) => n.startsWith(`${state.by}:`));
    state.q = questionSelect.value;
  });
  on(weightSelect, () => (state.weight = weightSelect.value || undefined));
  on(bySelect, () => {
    const was = state.by;
    state.by = bySelect.value;
    // why: a net on the old banner question has no column to be in any more
    state.net = state.net.filter((n) => !n.startsWith(`${was}:`) || was === state.by);
    // The sample banner splits the whole sample: it cannot also pick one part.
    if (state.by === "sample") state.sample = sampleSelect.value = "all";
    // The years as columns start at all of them; leaving them brings back the year chosen before.
    if (state.by === "year" && was !== "year") {
      yearBeforeYearBanner = state.year;
      state.year = "all";
    } else if (was === "year" && state.by !== "year" && state.year === "all")
      state.year = yearBeforeYearBanner ?? state.year;
  });
  on(sampleSelect, () => (state.sample = sampleSelect.value));
  on(validBox, () => (state.valid = validBox.checked ? "1" : undefined));
  on(comparableBox, () => (state.comparable = comparableBox.checked ? "1" : undefined));
  on(adjustSelect, () => (state.adjust = adjustSelect.value));
  on(universeSelect, () => (state.universe = universeSelect.value));
  on(yearSelect, () => (state.year = yearSelect.value));
  // The rows' arrangement draws again from the result already counted.
  const redraw = (/** @type {() => void} */ update) => () => {
    update();
    if (last) draw(last);
    save();
  };
  sortSelect.addEventListener(
    "change",
    redraw(() => (state.sort = sortSelect.value)),
  );
  topSelect.addEventListener(
    "change",
    redraw(() => (state.top = topSelect.value)),
  );
  viewSelect.addEventListener(
    "change",
    redraw(() => (state.view = viewSelect.value)),
  );
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let typing = undefined;
  const searchNow = redraw(() => {
    clearTimeout(typing);
    typing = undefined;
    state.search = searchBox.value;
  });
  searchBox.addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(searchNow, DEBOUNCE_MS);
  });
  // Enter draws at once (no wait).
  searchBox.addEventListener("change", () => {
    if (typing !== undefined || searchBox.value !== state.search) searchNow();
  });
  chartSelect.addEventListener("change", () => {
    state.chart = chartSelect.value;
    if (last) drawChart(last);
    save();
  });
  let lastWidth = 0;
  new ResizeObserver(() => {
    if (Math.abs(chart.clientWidth - lastWidth) > 8) {
      lastWidth = chart.clientWidth;
      if (last) drawChart(last);
    }
  }).observe(chart);
  mount?.(card);
  render();
  return card;
}
