import { html } from "htl";
import { MATURITY_COLORS, maturityLabel } from "./palette.js";

// Keys printed beside the charts, as HTML lists rather than Plot legends: they wrap on a phone,
// they can say what a faded bar or a whisker means, and their text is read as text.

/** A coloured square, optionally faded like the bars it stands for. */
export const swatch = (/** @type {string | undefined} */ color, faded = false) =>
  html`<span class=${faded ? "swatch faded" : "swatch"} style=${{ background: color }}></span>`;
/** A short whisker, as the charts draw a 95% interval. */
export const whisker = () => html`<span class="key-whisker"></span>`;

/**
 * A figure chart's key: each drawn segment's colour (when there are several), what a faded bar
 * is (a value printed in the book or CNCF's one-question summary, not computed), what the whisker is and,
 * where bars carry it, the lead note's mark.
 * @param {{ segments?: string[], colors?: string[], sources?: string[], whiskers?: boolean, mark?: { number: number } }} key
 */
export function barKey({ segments = [], colors = [], sources = [], whiskers = true, mark }) {
  /** @type {HTMLElement[]} */
  const items = [];
  if (segments.length > 1)
    segments.forEach((s, i) => items.push(html`<li>${swatch(colors[i])}${s}</li>`));
  const color = segments.length > 1 ? "var(--theme-foreground-muted)" : colors[0];
  if (sources.includes("computed") && sources.some((s) => s !== "computed"))
    items.push(html`<li>${swatch(color)}computed from respondents</li>`);
  if (sources.includes("published"))
    items.push(html`<li>${swatch(color, true)}faded: printed in the book (not recomputed)</li>`);
  if (sources.includes("marginal"))
    items.push(
      html`<li>${swatch(color, true)}faded: CNCF's one-question summary (not recomputed)</li>`,
    );
  if (whiskers) items.push(html`<li>${whisker()}95% interval</li>`);
  // The lead note (the paid panel) as the bars carry it.
  if (mark)
    items.push(
      html`<li class="key-note-mark">
        <span class="note-mark">‡${mark.number}</span>on a bar: note ${mark.number} applies (below)
      </li>`,
    );
  return html`<ul class="chart-key" aria-label="Chart key">
    ${items}
  </ul>`;
}

/** The maturity colours' key, one item per maturity drawn. */
export const maturityKey = (
  /** @type {readonly string[]} */ maturities,
  /** @type {Node | Node[]} */ extra = [],
) =>
  html`<ul class="chart-key maturity-key" aria-label="Maturity colours">
    ${maturities.map(
      (m) => html`<li data-maturity=${m}>${swatch(MATURITY_COLORS[m])}${maturityLabel(m)}</li>`,
    )}${extra}
  </ul>`;

/**
 * Plot writes aria-label and aria-description on its <g> groups without a role, which ARIA
 * forbids (axe: aria-prohibited-attr): give every such element the group role, so screen
 * readers announce the mark's name and description as Plot meant.
 * @template {Element} E
 * @param {E} node
 */
export function accessiblePlot(node) {
  for (const e of node.querySelectorAll("g[aria-label], g[aria-description]"))
    if (!e.hasAttribute("role")) e.setAttribute("role", "group");
  return node;
}
