/**
 * Which survey years a cross-tab can show, decided once for the CLI and the browser explorer:
 * each check is the years that have answers to something the cross-tab needs (the question, the
 * banner, a filter) with the reason a year lacking them is out. Pure: no Node or DuckDB import.
 */
export type YearCheck = [years: number[], reason: string];

/** The reason a filter's years check gives, worded the same everywhere. */
export const filterReason = (f: { question: string; option: string; level: string | null }) =>
  `nobody answered ${f.question} = ${f.option}${f.level ? ` = ${f.level}` : ""}`;

/**
 * Which years a filter can hold in, and the reason another cannot: those with a paid panel
 * (`panel`); those where anyone answered its question (`answered`: an `answered:` or NOT filter,
 * since NOT would keep everyone where nothing was asked); those where someone gave one of its
 * answers (`matched`). `!panel` holds in every year: undefined.
 */
export function filterYearsNeed(f: {
  question: string;
  option: string;
  level: string | null;
  kind?: "answered" | "panel";
  not?: boolean;
}): { need: "panel" | "answered" | "matched"; reason: string } | undefined {
  if (f.kind === "panel") return f.not ? undefined : { need: "panel", reason: "no paid panel" };
  if (f.kind === "answered" || f.not)
    return { need: "answered", reason: `nobody answered ${f.question}` };
  return { need: "matched", reason: filterReason(f) };
}

export type YearsOutcome =
  | { years: number[] }
  /** `why`: what removed the requested year; `valid`: the years every check allows. */
  | { error: "none"; reasons: string[] }
  | { error: "year"; why: string | undefined; valid: number[] };

/**
 * The years every check allows (all of them, or the one asked for). Years the codebook knows
 * (`known`) stay in the running until a check removes them, so an error can say why.
 */
export function crosstabYears(
  known: number[],
  checks: YearCheck[],
  year: string | undefined,
): YearsOutcome {
  const out = new Map<number, string>();
  let years = [...new Set([...known, ...(checks[0]?.[0] ?? [])])].sort((a, b) => a - b);
  for (const [allowed, reason] of checks) {
    for (const y of years) if (!allowed.includes(y)) out.set(y, reason);
    years = years.filter((y) => allowed.includes(y));
  }
  if (year === undefined)
    return years.length ? { years } : { error: "none", reasons: [...new Set(out.values())] };
  if (years.includes(Number(year)) && /^\d{4}$/.test(year)) return { years: [Number(year)] };
  return { error: "year", why: out.get(Number(year)), valid: years };
}
