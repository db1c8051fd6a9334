import { html } from "htl";
import { landscapeViewName, matchesFilter } from "./generated/browser.js";
import { csvDownload } from "./csvDownload.js";
import { categoryCountsChart, maturityTimeline } from "./landscapeCharts.js";
import { MATURITIES, maturityLabel } from "./palette.js";
import { safeLink } from "./safeLink.js";
import { readState, writeState } from "./urlState.js";

const ID = "landscape";
const LIMIT = 200;
const unique = (/** @type {string[]} */ xs) => [...new Set(xs)].sort((a, b) => a.localeCompare(b));
const option = (
  /** @type {string} */ value,
  /** @type {string} */ label,
  /** @type {boolean} */ selected,
) => html`<option value=${value} selected=${selected}>${label}</option>`;

/**
 * The landscape explorer: a snapshot slider, category / subcategory / maturity / text filters (all
 * kept in the URL), the matching items as a table, counts by category over time and the maturity
 * timeline of the CNCF projects that match. Names and descriptions come from an outside file and
 * are only ever inserted as text.
 *
 * `mount(card)` is called once the first snapshot's items have loaded, just before the card is
 * first drawn: the page puts it in place of the build's stand-in then (hydrateLive), so the charts
 * are drawn once, at the card's real width. `width` is that width where there is no layout (the
 * build's jsdom).
 * @param {import("../../src/site/site-data-types.ts").LandscapeOverview} overview
 * @param {import("../../src/site/site-data-types.ts").TimelineProject[]} timeline
 * @param {(snapshot: string) => Promise<import("../../src/site/site-data-types.ts").LandscapeItem[]>} loadItems
 * @param {{ mount?: (card: HTMLElement) => void, width?: number }} [options]
 */
export function LandscapeExplorer(
  { snapshots, categoryCounts, provenance },
  timeline,
  loadItems,
  { mount, width: fallbackWidth = 640 } = {},
) {
  const saved = readState(ID);
  const state = {
    // why: the overview lists at least one snapshot (the landscape is part of every ingest)
    at: /** @type {string} */ (
      saved.at && snapshots.includes(saved.at) ? saved.at : snapshots.at(-1)
    ),
    category: saved.category ?? "",
    subcategory: saved.subcategory ?? "",
    maturity: /** @type {import("../../src/landscape/model.ts").MaturityFilter | ""} */ (
      saved.maturity && /** @type {readonly string[]} */ (MATURITIES).includes(saved.maturity)
        ? saved.maturity
        : ""
    ),
    q: saved.q ?? "",
  };
  /** @type {import("../../src/site/site-data-types.ts").LandscapeItem[]} */
  let items = [];

  const slider = /** @type {HTMLInputElement} */ (
    html`<input
      type="range"
      min="0"
      max=${snapshots.length - 1}
      step="1"
      value=${snapshots.indexOf(state.at)}
      aria-label="Snapshot"
    />`
  );
  const sliderLabel = html`<output></output>`;
  const category = /** @type {HTMLSelectElement} */ (html`<select aria-label="Category"></select>`);
  const subcategory = /** @type {HTMLSelectElement} */ (
    html`<select aria-label="Subcategory"></select>`
  );
  const maturity = /** @type {HTMLSelectElement} */ (
    html`<select aria-label="Maturity">
      ${option("", "any maturity", !state.maturity)}${MATURITIES.map((m) => option(m, maturityLabel(m), m === state.maturity))}
    </select>`
  );
  const search = /** @type {HTMLInputElement} */ (
    html`<input
      type="search"
      placeholder="name or description"
      aria-label="Search"
      value=${state.q}
    />`
  );
  const summary = html`<p class="summary"></p>`;
  const download = html`<p class="download"></p>`;
  const table = html`<div class="items" tabindex="0"></div>`;
  const counts = html`<div class="chart counts"></div>`;
  // Focusable: it scrolls inside itself, and a keyboard reader must be able to scroll it.
  const timelineChart = html`<div class="chart timeline" tabindex="0"></div>`;
  const card = html`<div class="card landscape-card" id="landscape-explorer">
    <div class="controls">
      <label>Snapshot ${slider} ${sliderLabel}</label>
      <label>Category ${category}</label><label>Subcategory ${subcategory}</label>
      <label>Maturity ${maturity}</label><label>Search ${search}</label>
    </div>
    ${summary} ${download}
    <h3>Items per category, every snapshot</h3>
    ${counts}
    <h3>CNCF projects' path through sandbox, incubation and graduation</h3>
    <p class="meta">
      Projects matching the filters (at most 80), from the dates the landscape records (acceptance
      dates are recorded from the 2021 snapshot on).
    </p>
    ${timelineChart}
    <h3>Matching items</h3>
    ${table}
  </div>`;

  function fillSelects() {
    const categories = unique(items.map((d) => d.category));
    if (state.category && !categories.includes(state.category)) state.category = "";
    category.replaceChildren(
      option("", "all categories", !state.category),
      ...categories.map((c) => option(c, c, c === state.category)),
    );
    const subs = unique(
      items
        .filter((d) => !state.category || d.category === state.category)
        .map((d) => d.subcategory),
    );
    if (state.subcategory && !subs.includes(state.subcategory)) state.subcategory = "";
    subcategory.replaceChildren(
      option("", "all subcategories", !state.subcategory),
      ...subs.map((c) => option(c, c, c === state.subcategory)),
    );
  }

  /**
   * The controls as a filter of `kube-census landscape`, applied by the CLI's own function.
   * @param {import("../../src/site/site-data-types.ts").LandscapeItem} d
   */
  function matches(d) {
    const q = state.q.trim();
    return matchesFilter(d, {
      ...(state.category && { category: state.category }),
      ...(state.subcategory && { subcategory: state.subcategory }),
      ...(state.maturity && { maturity: state.maturity }),
      ...(q && { search: q }),
    });
  }

  function render() {
    sliderLabel.textContent = state.at;
    const shown = items.filter(matches);
    summary.textContent = `${shown.length} of ${items.length} entries in the ${state.at} snapshot${shown.length > LIMIT ? `; the first ${LIMIT} are listed` : ""}.`;
    // Every matching entry, not only the first LIMIT listed: the CSV is for working on elsewhere.
    const filters = {
      ...(state.category && { category: state.category }),
      ...(state.subcategory && { subcategory: state.subcategory }),
      ...(state.maturity && { maturity: state.maturity }),
      ...(state.q.trim() && { search: state.q.trim() }),
    };
    download.replaceChildren(
      csvDownload(
        landscapeViewName({ at: state.at, ...filters }, "csv"),
        /** @type {Record<string, unknown>[]} */ (/** @type {unknown} */ (shown)),
        // Each entry's own fields: the CLI's, less the repository and YAML path (src/site/landscape-data.ts).
        shown[0] ? Object.keys(shown[0]) : ["name", "category", "subcategory"],
        `Download CSV (${shown.length} entries)`,
        provenance && {
          site: provenance,
          view: {
            view: { kind: "landscape", title: `CNCF landscape, ${state.at} snapshot` },
            filters,
            years: [state.at],
            // The snapshot file the entries come from.
            sources: provenance.sources.filter((s) => s.snapshot === state.at).map((s) => s.id),
          },
        },
      ),
    );
    table.replaceChildren(
      shown.length === 0
        ? html`<p>No items match these filters.</p>`
        : html`<table>
            <thead>
              <tr>
                <th>name</th>
                <th>category › subcategory</th>
                <th>maturity</th>
                <th>organization</th>
                <th>description</th>
              </tr>
            </thead>
            <tbody>
              ${shown.slice(0, LIMIT).map(
                (d) =>
                  html`<tr>
                    <td>${safeLink(d.homepage_url, d.name)}</td>
                    <td>${d.category} › ${d.subcategory}</td>
                    <td>${d.maturity ?? ""}</td>
                    <td>${d.organization ?? ""}</td>
                    <td>${d.description ?? ""}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`,
    );
    const width = Math.max(300, (card.clientWidth || fallbackWidth + 40) - 40);
    counts.replaceChildren(
      categoryCountsChart(categoryCounts, { width, selected: state.category }),
    );
    const names = new Set(shown.map((d) => d.name));
    const projects = timeline.filter((p) => names.has(p.name)).slice(0, 80);
    timelineChart.replaceChildren(
      projects.length
        ? maturityTimeline(projects, { width, today: state.at })
        : html`<p>No CNCF project matches these filters.</p>`,
    );
    writeState(ID, {
      at: state.at === snapshots.at(-1) ? undefined : state.at,
      category: state.category,
      subcategory: state.subcategory,
      maturity: state.maturity,
      q: state.q,
    });
  }

  let mounted = !mount;
  async function load() {
    items = await loadItems(state.at);
    if (!mounted) {
      mounted = true;
      mount?.(card);
    }
    fillSelects();
    render();
  }

  slider.addEventListener("input", () => {
    state.at = snapshots[Number(slider.value)] ?? state.at;
    sliderLabel.textContent = state.at;
  });
  slider.addEventListener("change", load);
  category.addEventListener("change", () => {
    state.category = category.value;
    state.subcategory = "";
    fillSelects();
    render();
  });
  subcategory.addEventListener("change", () => {
    state.subcategory = subcategory.value;
    render();
  });
  maturity.addEventListener("change", () => {
    state.maturity = /** @type {typeof state.maturity} */ (maturity.value);
    render();
  });
  search.addEventListener("input", () => {
    state.q = search.value;
    render();
  });
  load();
  return card;
}
