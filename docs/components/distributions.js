import * as Plot from "@observablehq/plot";
import { html } from "htl";
import { accessiblePlot, swatch } from "./chartKey.js";
import { pct } from "./format.js";

// The Distributions page: per ordinal question, a 100% stacked bar per survey year (the scale's
// answers lowest first, then the answers off the scale in grey) and the year's summaries as the
// CLI prints them. Every label comes from the data as SVG text or HTML text, never as markup.

/** @typedef {import("../../src/site/site-data-types.ts").DistributionsFile} DistributionsFile */
/** @typedef {DistributionsFile["questions"][number]} DistributionQuestion */

const OFF_SCALE = "#9498a0";

/**
 * Colours for a scale's points, lowest first: a sequential ramp for counts (clusters, employees),
 * a diverging one for a scale of words with a net score (unlikely … likely).
 * @param {string[]} points
 * @param {boolean} diverging
 * @returns {string[]}
 */
function rampColors(points, diverging) {
  const scale = Plot.scale({
    color: {
      type: "ordinal",
      scheme: diverging ? "rdbu" : "blues",
      domain: diverging ? points : ["", ...points],
    },
  });
  const range = /** @type {string[]} */ (scale.range ?? []);
  // why: the lightest blue is near the page's white; start the ramp one step darker
  return diverging ? range : range.slice(1);
}

/**
 * A question's view under a weighting: the weighted cells and summaries in place of the plain
 * ones, with what the page says about them; the plain view with the reason when the CLI refuses
 * to weight this question.
 * @param {DistributionQuestion} q
 * @param {string} id the weighting's id; "" for none
 * @returns {{ view: DistributionQuestion, weighting?: { lines: string[], self: boolean, label: string }, refused?: string }}
 */
export function weightedQuestion(q, id) {
  const w = id ? q.weighted.find((x) => x.id === id) : undefined;
  if (!w) return { view: q };
  if ("refused" in w) return { view: q, refused: w.refused };
  const { command, cells, summary, shown } = w;
  return {
    view: { ...q, command, cells, summary, shown },
    weighting: { lines: w.weighting, self: w.self, label: w.label },
  };
}

/**
 * One question's chart, key, summary table, scale statement and breaks.
 * @param {DistributionQuestion} original
 * @param {{ width: number, yearLabel: (year: number) => string, weighting?: string }} options
 *   weighting: the id of a weighting of q.weighted to draw; none or "" for the plain view
 */
export function distributionView(original, { width, yearLabel, weighting: weightingId = "" }) {
  const { view: q, weighting, refused } = weightedQuestion(original, weightingId);
  const diverging = q.summary.scales.some((s) => s.points.some((p) => p.box));
  // Every point of every version, in scale order: a version's points keep their colour's place.
  /** @type {string[]} */
  const points = [];
  for (const s of q.summary.scales)
    for (const p of s.points) if (!points.includes(p.option)) points.push(p.option);
  const off = [...new Set(q.cells.filter((c) => c.point === null).map((c) => c.option))];
  const colors = rampColors(points, diverging);
  const color = new Map([
    ...points.map((p, i) => /** @type {[string, string]} */ ([p, colors[i] ?? OFF_SCALE])),
    ...off.map((o) => /** @type {[string, string]} */ ([o, OFF_SCALE])),
  ]);
  const order = [...points, ...off];
  const cells = q.cells
    .map((c) => ({ ...c, label: yearLabel(c.year) }))
    .sort((a, b) => a.year - b.year || order.indexOf(a.option) - order.indexOf(b.option));
  const labels = q.years.map(yearLabel);
  const headline = q.shown.map((row) => {
    const mean = row.mean === undefined || row.mean === "–" ? null : row.mean;
    const score =
      row["net score"] === undefined || row["net score"] === "–" ? null : row["net score"];
    return {
      label: yearLabel(Number(row.year)),
      text: mean !== null ? `mean ${mean}` : score !== null ? `net ${score}` : "",
    };
  });
  const svg = Plot.plot({
    width,
    height: 46 * labels.length + 50,
    marginLeft: 70,
    marginRight: 120,
    x: {
      label: weighting ? "weighted share of those who answered" : "share of those who answered",
      percent: true,
      domain: [0, 100],
      grid: true,
    },
    y: { label: null, domain: labels },
    color: { domain: order, range: order.map((o) => color.get(o) ?? OFF_SCALE) },
    marks: [
      Plot.barX(
        cells,
        Plot.stackX({
          x: "share",
          y: "label",
          fill: "option",
          order: (/** @type {{ option: string }} */ c) => order.indexOf(c.option),
          title: (/** @type {(typeof cells)[number]} */ c) =>
            weighting
              ? `${c.label} · ${c.option}: ${pct(c.share)} weighted (unweighted: ${c.count.toLocaleString("en-US")} of ${c.n.toLocaleString("en-US")} respondents)`
              : `${c.label} · ${c.option}: ${pct(c.share)} (${c.count.toLocaleString("en-US")} of ${c.n.toLocaleString("en-US")})`,
          ariaLabel: "bar",
          ariaDescription: "answers",
        }),
      ),
      Plot.ruleX([0]),
      // The year's mean (or net score) beside its bar, as the table below prints it.
      Plot.text(headline, {
        x: 1, // the right end: shares are 0–1, drawn as percent
        y: "label",
        text: "text",
        textAnchor: "start",
        dx: 6,
        ariaLabel: "summary",
      }),
    ],
  });
  const key = html`<ul class="chart-key" aria-label="Answers, lowest first">
    ${order.map(
      (o) =>
        html`<li>${swatch(color.get(o))}${o}${points.includes(o) ? "" : " (off the scale)"}</li>`,
    )}
  </ul>`;
  const figure = document.createElement("figure");
  figure.className = "kc-plot distribution-chart";
  figure.append(key, accessiblePlot(svg));
  const hasMean = q.summary.rows.some((r) => r.mean !== null);
  const hasScore = q.summary.rows.some((r) => r.net_score);
  const stats = [
    "n (on the scale)",
    "left out",
    ...(hasMean ? ["mean", "mean 95% CI"] : []),
    "median",
    "median 95% CI",
    ...(hasScore ? ["net score", "net score 95% CI"] : []),
  ];
  const table = html`<table class="distribution-summary">
    <thead>
      <tr>
        <th scope="col">year</th>
        <th scope="col">scale</th>
        ${stats.map((s) => html`<th scope="col">${s}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${q.shown.map((row) => {
        const r = q.summary.rows.find((x) => x.year === row.year);
        return html`<tr>
          <th scope="row">${yearLabel(Number(row.year))}</th>
          <td>${r?.scale ?? ""}</td>
          ${stats.map((s) => html`<td>${String(row[s] ?? "")}</td>`)}
        </tr>`;
      })}
    </tbody>
  </table>`;
  return html`<section class="distribution" id=${`distribution-${q.id}`}>
    <h2>${q.label}</h2>
    <p class="meta">${q.universe}. Same numbers: <code>${q.command}</code>.</p>
    ${
      weighting
        ? html`<div class="meta distribution-weighting">
            <p>${weighting.label}: ${weighting.lines.join(" ")}</p>
            ${
              weighting.self
                ? html`<p>
                    This question is one of the weighting variables: in the cells the years share,
                    its weighted mix is the target's by construction, not a finding.
                  </p>`
                : ""
            }
          </div>`
        : ""
    }
    ${refused ? html`<p class="meta distribution-weighting">Shown unweighted: ${refused}</p>` : ""}
    ${figure} ${table} ${q.scale_text.map((t) => html`<p class="meta">${t}</p>`)}
    ${
      q.no_scale.length
        ? html`<p class="meta">
            Not shown: ${q.no_scale.map(yearLabel).join(", ")}, whose scale the codebook does not
            state yet (data/codebook/${q.id}.yml, scales:).
          </p>`
        : ""
    }
    ${
      q.breaks.length
        ? html`<details>
            <summary>Breaks (‡ in the table: not comparable with the years before)</summary>
            <ol>
              ${q.breaks.map((b) => html`<li value=${b.number}>${yearLabel(b.year)} ${b.kind}: ${b.text}</li>`)}
            </ol>
          </details>`
        : ""
    }
  </section>`;
}
