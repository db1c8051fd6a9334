/**
 * How `kube-census quality` prints: the terminal shows each check as a table with shares as
 * percentages and every share beside its count and n; CSV and JSON keep the numbers as numbers.
 */
import { pct } from "./format.ts";
import { toTable } from "./output.ts";

type Row = Record<string, unknown>;

const fixed = (digits: number) => (v: unknown) =>
  v === null || v === undefined ? "–" : Number(v).toFixed(digits);
const percent = (v: unknown) => pct(v as number | null);
const pValue = (v: unknown) => {
  const p = Number(v);
  return p < 0.001 ? p.toExponential(1) : p.toFixed(3);
};

/** Per check, the columns the terminal shows and how each value is written (as is if absent). */
const TERMINAL: Record<string, Record<string, ((v: unknown) => string) | null>> = {
  "straight-lining": {
    year: null,
    sample: null,
    region: null,
    question: null,
    n: null,
    mean_rows: fixed(1),
    straight: null,
    share: percent,
    top_level: null,
    top_level_count: null,
  },
  breadth: {
    year: null,
    sample: null,
    region: null,
    question: null,
    listed: null,
    n: null,
    mean_ticked: fixed(2),
    wide: null,
    share_wide: percent,
  },
  position: {
    year: null,
    sample: null,
    question: null,
    options: null,
    n: null,
    rho: fixed(2),
    first_share: percent,
    last_share: percent,
  },
  nonresponse: {
    year: null,
    sample: null,
    region: null,
    question: null,
    position: null,
    reached: null,
    answered: null,
    share_answered: percent,
    stopped: null,
    share_stopped: percent,
  },
  speed: {
    year: null,
    sample: null,
    region: null,
    n: null,
    median_minutes: fixed(1),
    threshold_minutes: fixed(1),
    speeders: null,
    share_speeders: percent,
  },
  panel: {
    question: null,
    type: null,
    n_community: null,
    n_panel: null,
    test: null,
    tests: null,
    significant: null,
    p_min: pValue,
    cramers_v: fixed(2),
    panel_minus_community: (v) => `${Number(v) > 0 ? "+" : ""}${(Number(v) * 100).toFixed(1)} pt`,
    at: null,
    rho_position_difference: fixed(2),
    flagged: (v) => (v ? "yes" : ""),
  },
  marginals: {
    year: null,
    wave: null,
    sheet: null,
    question: null,
    question_id: null,
    region: null,
    respondents: null,
    answered: null,
    skipped: null,
    share_skipped: percent,
    options_per_answer: fixed(2),
    base: null,
  },
};

/** One check as a terminal table: its name, what it measures, the rows. */
export function qualityTable(name: string, description: string, rows: Row[]): string {
  const columns = TERMINAL[name]!;
  const shown = rows.map((r) => {
    const out: Row = {};
    for (const [c, format] of Object.entries(columns))
      out[c] = format ? (r[c] === null ? "–" : format(r[c])) : r[c];
    return out;
  });
  return `== ${name} ==\n${description}\n\n${toTable(shown, Object.keys(columns))}`;
}
