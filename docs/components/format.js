// Number formats shared by every chart, table and headline on the site.
export const pct = (x, digits = 1) =>
  x === null || x === undefined || Number.isNaN(x) ? "–" : `${(x * 100).toFixed(digits)}%`;
export const interval = (r) => (r.ci_low === null ? "–" : `${pct(r.ci_low)}–${pct(r.ci_high)}`);
export const countOfN = (r) => (r.count === null || r.n === null ? "–" : `${r.count} / ${r.n}`);

const SOURCE_MARK = { published: " (published)", marginal: " (summary)" };
const SAMPLE_MARK = { community: ", community only", panel: ", paid panel only" };

/** The n of each year (and segment) drawn, for a chart's subtitle. */
export function nSummary(rows, label = String) {
  const seen = new Map();
  for (const r of rows) seen.set(`${r.year} ${r.segment}`, r);
  const segments = new Set(rows.map((r) => r.segment));
  return [...seen.values()]
    .map(
      (r) =>
        `${segments.size > 1 ? `${r.segment}, ` : ""}${label(r.year)}${SOURCE_MARK[r.source] ?? ""}${SAMPLE_MARK[r.sample] ?? ""}: n = ${r.n ?? "not printed"}`,
    )
    .join(" · ");
}
