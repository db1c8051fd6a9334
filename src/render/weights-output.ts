/** The `weights` command's table and CSV: weighted shares with n_eff, design effect and intervals. */
import { pct } from "./format.ts";
import { terminalText, toCsv, toTable } from "./output.ts";
import type { WeightedTable } from "../survey/weighted-table.ts";

const num = (x: number, digits: number) => Number(x.toFixed(digits));

/** One line per weighted sample part: what it was raked to, how it went and what it costs. */
function weightingLines(t: WeightedTable): string[] {
  return t.weighting.map((w) => {
    const how = w.converged
      ? `converged in ${w.iterations} pass(es), max deviation ${w.maxDeviation.toExponential(1)}`
      : `NOT converged after ${w.iterations} passes: still ${pct(w.maxDeviation, 2)} off a target (tolerance ${w.tolerance})`;
    return (
      `${t.year} ${w.sample}: ${w.n} respondents raked to ${t.target} on ` +
      `${w.margins.map((m) => m.variable).join(" × ")}, ${how}; ${w.trimmed} weight(s) trimmed, ` +
      `${w.unknown} missing a weighting variable (weight 1); n_eff ${w.nEff.toFixed(1)}, design effect ${w.designEffect.toFixed(3)}`
    );
  });
}

export function weightedTableText(t: WeightedTable): string {
  const rows = t.rows.map((r) => ({
    sample: r.sample,
    option: r.option,
    "count / n": `${r.count} / ${r.n}`,
    share: pct(r.share),
    weighted: pct(r.weighted_share),
    "95% (n_eff)": `${pct(r.low)}–${pct(r.high)}`,
    n_eff: num(r.n_eff, 1),
    deff: num(r.design_effect, 3),
  }));
  // why: the target is a path the user typed; the table's cells are escaped by toTable
  const head = terminalText(`${t.question}, ${t.year}, weighted\n${weightingLines(t).join("\n")}`);
  let out = `${head}\n\n${toTable(rows)}`;
  if (t.differences.length)
    out +=
      "\npanel − community, weighted (95% Newcombe interval and pooled z-test on n_eff)\n" +
      toTable(
        t.differences.map((d) => ({
          option: d.option,
          unweighted: pct(d.unweighted),
          weighted: pct(d.weighted),
          "95%": `${pct(d.low)} to ${pct(d.high)}`,
          z: num(d.z, 2),
          p: d.p < 0.0001 ? "<0.0001" : d.p.toFixed(4),
        })),
      );
  return out + "\n" + t.notes.map((n) => `Note: ${n}`).join("\n") + "\n";
}

export function weightedTableCsv(t: WeightedTable): string {
  return toCsv(t.rows.map((r) => ({ question: t.question, year: t.year, target: t.target, ...r })));
}

/** Every respondent's weight: year, sample part, respondent id (as in the `respondents` table). */
export function weightsCsv(t: WeightedTable): string {
  return toCsv(t.weights.map((w) => ({ year: t.year, ...w })));
}
