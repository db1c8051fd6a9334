/**
 * A cross-tab filter in words, as every output prints it (the table's "Where:" line). Pure: the
 * explorer can word its filters the same way.
 */
import type { CrosstabFilter } from "./crosstab-result.ts";

/** `region = Europe|North America`, `answered storage`, `not (in the 2022 paid panel)`, … */
export function filterText(f: CrosstabFilter): string {
  // why: a net's name alone does not say what it counts
  const members = (shown: string, list: string[] | undefined) =>
    list && list.join("|") !== shown ? ` (any of ${list.join(", ")})` : "";
  const what =
    f.kind === "panel"
      ? "in the 2022 paid panel"
      : f.kind === "answered"
        ? `answered ${f.question}`
        : `${f.question} = ${f.option}${members(f.option, f.options)}` +
          (f.level === null ? "" : ` = ${f.level}${members(f.level, f.levels)}`);
  return f.not ? `not (${what})` : what;
}
