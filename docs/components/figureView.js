import { html } from "htl";
import { downloads } from "./downloads.js";
import { categoryBars, valueBars } from "./figurePlot.js";
import { figureTable } from "./figureTable.js";
import { imageDownloads } from "./imageExport.js";
import { nSummary } from "./format.js";
import {
  categoryOrder,
  figureProvenance,
  figureViewName,
  hashTarget,
  SAMPLING_DISCLOSURE_SHORT,
  segmentOrder,
  surveySources,
} from "./generated/browser.js";
import { numberNotes } from "./noteNumbers.js";
import { notesList } from "./notesList.js";
import { segmentPalette } from "./palette.js";
import { shareControls } from "./shareControls.js";
import { inSample, SAMPLE_CHOICES, SAMPLES, splitYears } from "./sampleRows.js";
import { trendRows, trendView } from "./trendView.js";
import { readState, writeState } from "./urlState.js";
import { sourceMark, yearLabel } from "./years.js";

const TOP = 15;
/** The sample a trend draws a split year (one with a paid panel) in unless the address says otherwise. */
const TREND_SAMPLE = "community";
/** @typedef {import("../../src/site/site-data-types.ts").FigureRow} Row */
/**
 * How a page places a card: its default year (a book figure's definition names the book's year;
 * without one the card opens on the latest year it has computed rows for), the full card's page
 * (on an embed page), where it goes (`mount`) and the width to draw at where there is no layout.
 * @typedef {{ defaultYear?: number, home?: string, mount?: (card: HTMLElement) => void, width?: number }} CardOptions
 */

/** @template T @param {T[]} xs */
const unique = (xs) => [...new Set(xs)];

/**
 * A figure's options as its page gives them, on its slot (`<div class="figure-slot"
 * data-figure="kubernetes-use" data-default-year="2022">`): read the same way by the build's
 * prerender (src/site/prerender.ts) and by hydrateFigure, so both draw the same default view.
 * @param {HTMLElement} slot
 * @returns {CardOptions}
 */
export function slotOptions(slot) {
  const year = slot.dataset.defaultYear;
  // An embed page (docs/embed/[figure].md) names the page that holds the full card.
  const home = slot.dataset.home;
  return { ...(year ? { defaultYear: Number(year) } : {}), ...(home ? { home } : {}) };
}

/**
 * Replaces the card the build drew into the figure's slot with the interactive card, in place
 * (no second card, the page does not move), and drawn at the slot's real width. A link to the
 * card (`#fig-2-4`) already scrolled to the static card; it is scrolled to again in case
 * the content above it has grown since.
 *
 * A card in or near the window, linked to, or holding a view saved in the address (whose static
 * card is hidden until then, see src/site/saved-views.ts) is replaced at once; one further down
 * waits until it comes near or the page is idle, one card per idle period. So the card in view
 * becomes interactive first, and drawing the others never blocks scrolling for long.
 * @param {import("../../src/site/site-data-types.ts").FigureFile} figure
 */
export function hydrateFigure(figure) {
  const id = figure.definition.id;
  const slot = /** @type {HTMLElement | null} */ (
    document.querySelector(`.figure-slot[data-figure="${CSS.escape(id)}"]`)
  );
  if (!slot) throw new Error(`no <div class="figure-slot" data-figure="${id}"> on this page`);
  const linked = hashTarget(location.hash) === id;
  let drawn = false;
  const draw = () => {
    if (drawn) return;
    drawn = true;
    FigureView(figure, { ...slotOptions(slot), mount: (card) => slot.replaceChildren(card) });
    if (linked) slot.scrollIntoView();
  };
  const saved = document.documentElement.getAttribute("data-saved-views")?.split(" ") ?? [];
  const { top, bottom } = slot.getBoundingClientRect();
  const near = bottom > -innerHeight && top < 2 * innerHeight;
  if (!slot.querySelector("[data-prerendered]") || near || linked || saved.includes(id)) {
    draw();
    return;
  }
  const observer = new IntersectionObserver(
    (entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        observer.disconnect();
        draw();
      }
    },
    { rootMargin: "100% 0px" },
  );
  observer.observe(slot);
  whenIdle(() => {
    observer.disconnect();
    draw();
  });
}

/** Runs the tasks one per idle period of the main thread, in the order given. */
/** @type {(() => void)[]} */
const idleTasks = [];
/** @param {() => void} task */
function whenIdle(task) {
  idleTasks.push(task);
  if (idleTasks.length === 1) nextIdle();
}
function nextIdle() {
  // Safari has no requestIdleCallback: a timeout still lets the page paint in between.
  const later =
    globalThis.requestIdleCallback ??
    ((/** @type {() => void} */ f, /** @type {unknown} */ _options) => setTimeout(f, 50));
  later(
    () => {
      idleTasks.shift()?.();
      if (idleTasks.length) nextIdle();
    },
    { timeout: 2000 },
  );
}

/**
 * One figure as a card: controls (year, sample, segments, how many options), the chart with 95%
 * interval whiskers, n, the breaks of what is drawn, a trend of one category over the years, a
 * table of exactly what is drawn, downloads, the SQL and the sources. Control state is kept in
 * the URL. All text is inserted as text, never as HTML. `mount` puts the card in the page before
 * it is first drawn, so the first drawing has the real width; `width` is the width drawn at
 * where there is no layout (the build's prerender).
 * @param {import("../../src/site/site-data-types.ts").FigureFile} figure
 * @param {CardOptions} [options]
 */
export function FigureView(
  { definition, result, sources, surveys, trendYears, provenance },
  { defaultYear, mount, width: unlaidWidth = 640, home } = {},
) {
  const rows = result.rows;
  const label = yearLabel(surveys);
  const years = unique(rows.map((r) => r.year)).sort();
  const computedYears = unique(
    rows.filter((r) => r.source === "computed").map((r) => r.year),
  ).sort();
  const sourceOf = (/** @type {number} */ year) => rows.find((r) => r.year === year)?.source;
  // Segment order as the computed rows give it; a segment only the book printed goes last.
  const segments = segmentOrder(rows);
  const palette = segmentPalette(rows, segments);
  const bars = definition.chart.kind === "bars";
  const byYear = !bars && segments.length === 1;
  const hasYearControl = !byYear && years.length > 1;
  const categoriesIn = (/** @type {number | undefined} */ year) =>
    unique(rows.filter((r) => r.year === year).map((r) => r.category)).length;
  const categoryCount = Math.max(...years.map(categoriesIn));
  const split = splitYears(rows);
  // The years whose values are not computed here, named from the rows ("2017", "2021").
  const yearsOf = (/** @type {string} */ source) =>
    unique(rows.filter((r) => r.source === source).map((r) => r.year))
      .sort()
      .map(label)
      .join(", ");
  const printedYears = yearsOf("published");
  const summaryYears = yearsOf("marginal");

  const saved = readState(definition.id);
  // why: no year is written here: the definition's (the book's) or the newest the data has
  const firstYear =
    defaultYear !== undefined && computedYears.includes(defaultYear)
      ? defaultYear
      : computedYears.at(-1);
  /**
   * The card's controls, as the address keeps them.
   * @type {{ year: number | undefined, segments: string[], show: string, sample: string, trendSample: string, category: string }}
   */
  const state = {
    year: years.includes(Number(saved.year)) ? Number(saved.year) : firstYear,
    segments: saved.segments
      ? saved.segments.split("|").filter((s) => segments.includes(s))
      : segments,
    show: saved.show === "all" || saved.show === "top" ? saved.show : "top",
    // The year view's sample: everyone by default, as CNCF published its numbers.
    sample:
      split.size && SAMPLES.some(([v]) => v === saved["year-sample"])
        ? /** @type {string} */ (saved["year-sample"])
        : "all",
    // The trend's: a split year's community part by default, so its point counts the same kind
    // of respondents as the years before the panel (`<id>.sample` in the address).
    trendSample: !split.size
      ? "all"
      : SAMPLES.some(([v]) => v === saved.sample)
        ? /** @type {string} */ (saved.sample)
        : TREND_SAMPLE,
    category: "",
  };
  if (state.segments.length === 0) state.segments = segments;

  // The trend's categories in the order the default view draws them (sorted where the figure
  // sorts): its first is the default, whatever the URL holds, so a link means the same later.
  const categories = unique([
    ...yearView({ year: firstYear, segments, show: "all", sample: "all" }).categories,
    ...rows.map((r) => r.category),
  ]);
  // why: a figure file always holds rows, so there is a first category
  const defaultCategory = /** @type {string} */ (categories[0]);
  state.category =
    saved.category && categories.includes(saved.category) ? saved.category : defaultCategory;

  const yearSelect = /** @type {HTMLSelectElement} */ (
    html`<select aria-label="Survey year">
      ${years.map(
        (y) =>
          html`<option value=${y} selected=${y === state.year}>
            ${label(y)}${sourceMark(sourceOf(y) ?? "")}
          </option>`,
      )}
    </select>`
  );
  const sampleSelect = /** @type {HTMLSelectElement} */ (
    html`<select aria-label="Sample">
      ${SAMPLE_CHOICES.year.map(([v, text]) => html`<option value=${v} selected=${v === state.sample}>${text}</option>`)}
    </select>`
  );
  const trendSampleSelect = /** @type {HTMLSelectElement} */ (
    html`<select aria-label="Trend sample">
      ${SAMPLE_CHOICES.trend.map(([v, text]) => html`<option value=${v} selected=${v === state.trendSample}>${text}</option>`)}
    </select>`
  );
  // why: each box is a label holding its checkbox, built just below
  const boxInput = (/** @type {HTMLElement} */ box) =>
    /** @type {HTMLInputElement} */ (box.querySelector("input"));
  const segmentBoxes = segments.map(
    (s) =>
      html`<label
        ><input type="checkbox" value=${s} checked=${state.segments.includes(s)} />${s}</label
      >`,
  );
  const showSelect = /** @type {HTMLSelectElement} */ (
    html`<select aria-label="Options shown">
      <option value="top" selected=${state.show === "top"}>top ${TOP} options</option>
      <option value="all" selected=${state.show === "all"}>all options</option>
    </select>`
  );
  const categorySelect = /** @type {HTMLSelectElement} */ (
    html`<select aria-label="Trend category">
      ${categories.map((c) => html`<option value=${c} selected=${c === state.category}>${c}</option>`)}
    </select>`
  );
  const sampleControl = html`<label class="sample-control">Sample ${sampleSelect}</label>`;
  const splitNames = [...split].sort().map(label).join(", ");
  const trendSampleControl = html`<label class="sample-control"
    >${splitNames} sample ${trendSampleSelect}</label
  >`;
  // Why the two views start from different samples.
  const sampleNote = html`<p class="sample-note">
    Where the bars above show ${splitNames}, they count the whole sample by default, as CNCF
    published it. This trend draws the community part of ${splitNames} by default: the samples of
    the years without a paid panel were community-only, and ${splitNames} mixed one in (see the
    panel note). Choose “all respondents” for the published view.
  </p>`;
  const controls = html`<div class="controls">
    ${hasYearControl ? html`<label>Year ${yearSelect}</label>` : ""}
    ${split.size ? sampleControl : ""}
    ${segments.length > 1 ? html`<span role="group" aria-label="Segments">${segmentBoxes}</span>` : ""}
    ${bars && categoryCount > 20 ? html`<label class="show-control">Show ${showSelect}</label>` : ""}
  </div>`;

  const subtitle = html`<p class="subtitle"></p>`;
  const chart = html`<div
    class="chart"
    role="figure"
    aria-label=${`${definition.title}: chart`}
  ></div>`;
  // The card's notes, listed once for the bars and the trend together.
  const notes = html`<div class="card-notes"></div>`;
  const trend = html`<div class="trend"></div>`;
  const table = html`<div></div>`;
  const meta = html`<div class="meta"></div>`;
  // Links go to the page with the full card: this one, or on an embed page (one level down) `home`.
  const share = shareControls({
    id: definition.id,
    title: definition.title,
    page: () => (home ? new URL(`../${home}`, location.href) : new URL(location.href)).href,
    root: () => new URL(home ? "../" : "./", location.href).href,
    card: () => card,
    home,
  });
  const card = html`<div class="card figure-card" id=${definition.id} data-figure=${definition.id}>
    <h2>${definition.title}</h2>
    ${subtitle}${controls}${chart}
    <p class="disclosure">${SAMPLING_DISCLOSURE_SHORT}</p>
    ${share.element}
    <details class="drawn-values">
      <summary>Table of the drawn values</summary>
      ${table}
    </details>
    <section class="trend-section" aria-label="Trend">
      <h3>
        ${
          years.length > 1
            ? `Over the years, ${label(/** @type {number} */ (years[0]))}–${label(/** @type {number} */ (years.at(-1)))}`
            : `Over the years (asked in ${label(/** @type {number} */ (years[0]))} only so far)`
        }
      </h3>
      ${
        categories.length > 1 || split.size
          ? html`<div class="controls trend-controls">
              ${categories.length > 1 ? html`<label>Category ${categorySelect}</label>` : ""}
              ${split.size ? trendSampleControl : ""}
            </div>`
          : ""
      }
      ${split.size ? sampleNote : ""} ${trend}
    </section>
    ${notes}
    <details>
      <summary>SQL behind this figure</summary>
      <pre><code>${definition.sql}</code></pre>
    </details>
    ${meta}
  </div>`;

  /**
   * The year view's rows: the chosen year (or every year), sample and segments, top options.
   * @param {Pick<typeof state, "year" | "segments" | "show" | "sample">} s
   */
  function yearView(s) {
    let shown = inSample(rows, s.sample).filter(
      (r) => (byYear || !hasYearControl || r.year === s.year) && s.segments.includes(r.segment),
    );
    if (bars) {
      // The Vega-Lite spec's order (src/render/order.ts): by share in the sort segment, or the
      // first segment drawn when that one is unticked.
      let categories = categoryOrder(shown, definition.chart);
      if (s.show === "top" && categoryCount > 20) categories = categories.slice(0, TOP);
      shown = shown.filter((r) => categories.includes(r.category));
      return { shown, categories };
    }
    return { shown, categories: unique(shown.map((r) => r.category)) };
  }

  function render() {
    const { shown, categories } = yearView(state);
    const width = Math.max(280, chart.clientWidth || card.clientWidth || unlaidWidth);
    const trendSelection = { category: state.category, segments: state.segments };
    const trendShown = trendRows(rows, { ...trendSelection, sample: state.trendSample }).shown;
    const numbered = numberNotes({ bars: shown, trend: trendShown });
    // The lead note (the paid panel) is marked on each bar whose row it applies to.
    const mark = numbered.lead && {
      number: numbered.lead.number,
      applies: (/** @type {Row} */ r) => numbered.has(r, numbered.lead),
      text: numbered.lead.text,
    };
    subtitle.textContent = `${definition.universe}. ${nSummary(shown, label)}`;
    chart.replaceChildren(
      shown.length === 0
        ? html`<p>No rows for this selection.</p>`
        : bars
          ? categoryBars(shown, {
              width,
              categories,
              segments: state.segments,
              palette,
              label,
              mark,
            })
          : valueBars(shown, { width, by: byYear ? "year" : "segment", label, mark }),
    );
    notes.replaceChildren(notesList(numbered, { label }));
    table.replaceChildren(figureTable(shown, { label, numbersOf: numbered.numbersOf }));
    trend.replaceChildren(
      trendView(rows, {
        width,
        years: trendYears,
        category: state.category,
        segments: state.segments,
        sample: state.trendSample,
        palette,
        label,
        marginal: definition.marginal,
        numbered,
      }),
    );
    // "Top 15" only means something when this year offered more options than that.
    const showControl = /** @type {HTMLElement | null} */ (controls.querySelector(".show-control"));
    if (showControl) showControl.hidden = categoriesIn(state.year) <= TOP;
    // The sample choice applies where a year is split; the trend keeps it either way.
    sampleControl.hidden = hasYearControl && !(state.year !== undefined && split.has(state.year));
    // The trend's sample choice shows wherever the drawn category has a split year.
    trendSampleControl.hidden = !rows.some(
      (r) => r.category === state.category && split.has(r.year),
    );
    // Likewise a segment with no rows in the selected year (2017 has only what the book printed).
    for (const box of segmentBoxes)
      box.hidden =
        hasYearControl &&
        !rows.some((r) => r.year === state.year && r.segment === boxInput(box).value);
    const surveyList = sources
      .map((s) => `${s.file.split("/").pop()} (cncf/surveys@${s.commit.slice(0, 7)}, ${s.license})`)
      .join("; ");
    const sourceLine = html`<p>
      Source: ${surveyList}. ${definition.book}. Computed by
      kube-census${
        printedYears ? `; ${printedYears} values are printed in the book only` : ""
      }${summaryYears ? `; ${summaryYears} values are CNCF's published one-question summaries` : ""}.
    </p>`;
    meta.replaceChildren(
      downloads(definition, result, shown, {
        name: viewName,
        provenance: provenance && figureSidecar(shown),
      }),
      imageDownloads(() => imageParts(sourceLine)),
      sourceLine,
    );
    writeState(definition.id, {
      year: hasYearControl ? String(state.year) : undefined,
      "year-sample": state.sample === "all" ? undefined : state.sample,
      sample: state.trendSample === TREND_SAMPLE || !split.size ? undefined : state.trendSample,
      segments: state.segments.length === segments.length ? undefined : state.segments.join("|"),
      show: bars && categoryCount > 20 && state.show !== "top" ? state.show : undefined,
      category: state.category === defaultCategory ? undefined : state.category,
    });
    share.update();
  }

  /**
   * The CSV's provenance: as `kube-census figure … --provenance` writes it (view-provenance.ts).
   * @param {Row[]} shown
   */
  function figureSidecar(shown) {
    const { surveyYears, ...view } = figureProvenance(definition, shown, state.sample);
    return {
      site: provenance,
      view: { ...view, sources: surveySources(provenance.sources, surveyYears) },
    };
  }

  /**
   * Every download's file name: the figure and what of it is drawn (src/render/download-name.ts).
   * @param {string} extension
   */
  function viewName(extension) {
    return figureViewName(
      {
        id: definition.id,
        year: hasYearControl && state.year !== undefined ? label(state.year) : undefined,
        sample: state.sample,
        segments: state.segments.length === segments.length ? undefined : state.segments,
        show: bars && categoryCount > 20 ? state.show : undefined,
      },
      extension,
    );
  }

  /**
   * What the image downloads draw, read from the card as it is now: exactly the current view.
   * @param {HTMLElement} sourceLine
   * @returns {import("./imageExport.js").ImageParts & { name: string }}
   */
  function imageParts(sourceLine) {
    const text = (/** @type {Element} */ e) => (e.textContent ?? "").replace(/\s+/g, " ").trim();
    const key = [...chart.querySelectorAll(".chart-key li")].map((li) => {
      const swatch = li.querySelector(".swatch");
      return {
        color: swatch ? getComputedStyle(swatch).backgroundColor : undefined,
        faded: swatch?.classList.contains("faded") ?? false,
        text: text(li),
      };
    });
    return {
      // imageDownloads adds ".svg" / ".png" to the stem.
      name: viewName("x").replace(/\.x$/, ""),
      title: definition.title,
      subtitle: text(subtitle),
      chart: chart.querySelector("svg"),
      key,
      notes: [
        SAMPLING_DISCLOSURE_SHORT,
        // The image is of the bars: the notes the trend alone draws are left out.
        ...[...notes.querySelectorAll("li:not([data-views='trend'])")].map((li) =>
          text(li).replace(/^(\d+) /, "[$1] "),
        ),
      ],
      source: text(sourceLine),
    };
  }

  const on = (/** @type {HTMLElement} */ element, /** @type {() => void} */ update) =>
    element.addEventListener("change", () => {
      update();
      render();
    });
  on(yearSelect, () => (state.year = Number(yearSelect.value)));
  on(sampleSelect, () => (state.sample = sampleSelect.value));
  on(trendSampleSelect, () => (state.trendSample = trendSampleSelect.value));
  on(showSelect, () => (state.show = showSelect.value));
  on(categorySelect, () => (state.category = categorySelect.value));
  for (const box of segmentBoxes)
    on(boxInput(box), () => {
      state.segments = segmentBoxes
        .map(boxInput)
        .filter((i) => i.checked)
        .map((i) => i.value);
    });
  mount?.(card);
  render();
  // Drawn at this width already: the observer's first call need not draw again.
  let lastWidth = chart.clientWidth;
  new ResizeObserver(() => {
    if (Math.abs(chart.clientWidth - lastWidth) > 8) {
      lastWidth = chart.clientWidth;
      render();
    }
  }).observe(chart);
  return card;
}
