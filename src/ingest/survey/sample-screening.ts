import { CensusError } from "../../errors.ts";
import type { CodeFrame } from "./code-frame.ts";
import { labelKey } from "../label.ts";
import type { CodedExport } from "./coded-export.ts";
import type { SurveySource } from "../../sources/sources.ts";

/** Who a respondent is in the published sample: screened out (and by which rule), and from which collector. */
export interface RespondentSample {
  /** The screening rule that removed this respondent, or null when in CNCF's published sample. */
  excluded: string | null;
  collector: string | null;
  /** From the paid panel (true), the community links (false), or unknown (null). */
  panel: boolean | null;
}

export interface ScreeningCount {
  rule: string;
  description: string;
  removed: number;
}

/**
 * Applies a coded export's screening rules (its survey file's `screening`, in order: each rule
 * counts only respondents no earlier rule removed) and marks each respondent's collector and panel
 * membership (`panel.collectors`). Each rule's codes are checked against the code frame's labels
 * first, so a year whose frame renumbers an answer cannot screen out the wrong respondents.
 */
export function screenSample(
  coded: CodedExport,
  frame: CodeFrame,
  source: Pick<SurveySource, "id" | "screening" | "panel">,
  file: string,
): { respondents: RespondentSample[]; removed: ScreeningCount[] } {
  const rules = source.screening;
  for (const rule of rules)
    rule.codes.forEach((code, i) => {
      const label = frame.get(rule.question)?.codes.get(code);
      if (!label || labelKey(label).replace(/’/g, "'") !== labelKey(rule.labels[i]!))
        throw new CensusError(
          `${file}: screening rule ${rule.id} (data/surveys/${source.id}.yml) expects Q${rule.question} code ${code} to be "${rule.labels[i]}", the code frame says "${label}". Fix the rule's codes or labels for this year's frame.`,
        );
    });
  for (const rule of rules)
    if (!coded.columnsOf.has(rule.question))
      throw new CensusError(
        `${file}: screening rule ${rule.id} (data/surveys/${source.id}.yml) reads Q${rule.question}, which the export has no column for. Fix the rule's question number.`,
      );
  // why: a panel is known only where the survey file names its collectors; elsewhere it is unknown (null), not "community"
  const panel = source.panel ? new Set(source.panel.collectors) : undefined;
  const collectorColumn = coded.raw.options.indexOf("Collector ID");
  const removed = new Map(rules.map((r) => [r.id, 0]));
  const respondents = coded.raw.rows.map((row): RespondentSample => {
    const collector = collectorColumn >= 0 ? row[collectorColumn]?.trim() || null : null;
    const rule = rules.find((r) => {
      const values = (coded.columnsOf.get(r.question) ?? []).map((c) => row[c]?.trim() ?? "");
      return r.codes.length === 0
        ? values.every((v) => v === "")
        : values.some((v) => r.codes.includes(Number(v)) && v !== "");
    });
    if (rule) removed.set(rule.id, removed.get(rule.id)! + 1);
    return {
      excluded: rule?.id ?? null,
      collector,
      panel: collector === null || !panel ? null : panel.has(collector),
    };
  });
  return {
    respondents,
    removed: rules.map((r) => ({
      rule: r.id,
      description: r.description,
      removed: removed.get(r.id)!,
    })),
  };
}
