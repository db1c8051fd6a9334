import { CensusError } from "../../errors.ts";
import type { CodeFrame } from "./code-frame.ts";
import { labelKey } from "../label.ts";
import type { CodedExport } from "./survey-2022.ts";

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

export interface ScreeningRule {
  id: string;
  description: string;
  /** Question number and the codes (labels checked against the frame) that remove a respondent; [] = blank. */
  q: number;
  codes: number[];
  labels: string[];
}

/**
 * CNCF's screening of the 2022 sample, applied in this order (each rule counts only respondents
 * no earlier rule removed). The order is the guide's; it gives CNCF's published 53 for the
 * organization rule and the published final 2,063 exactly.
 */
export const SCREENING_2022: ScreeningRule[] = [
  {
    id: "not-a-person",
    description: "did not answer 'I am a real person' (Q2)",
    q: 2,
    codes: [1, 3, 4, 5],
    labels: [
      "I'm just lines of code",
      "I am a bot",
      "I just want to mess with the researchers",
      "Don't know or not sure",
    ],
  },
  {
    id: "teacher-student",
    description: "teacher or student (Q7)",
    q: 7,
    codes: [9],
    labels: ["Teacher/Student"],
  },
  {
    id: "no-organization",
    description: "not affiliated with an organization, or does not know its size (Q5)",
    q: 5,
    codes: [9, 10],
    labels: [
      "I am not currently employed or affiliated with an organization",
      "Don't know or not sure",
    ],
  },
  {
    id: "incomplete",
    description: "did not complete page 3 (no answer to its last question, Q13)",
    q: 13,
    codes: [],
    labels: [],
  },
];

/**
 * The paid panel's collector. The export does not flag panel rows; its Collector ID is the only
 * trace. This collector is the one whose share of the screened sample (1,108 of 2,063 = 53.7%)
 * matches CNCF's published 54%, and its respondents all started within one week (19-25 Sep 2022)
 * at the end of a field period that ran from 30 Jun, with a shorter median duration (8 vs 12
 * minutes) than the largest community collector — the signature of a panel top-up.
 */
export const PANEL_COLLECTOR_2022 = "422569139";

/** Applies the screening rules in order and marks each respondent's collector and panel membership. */
export function sample2022(
  coded: CodedExport,
  frame: CodeFrame,
  file: string,
): { respondents: RespondentSample[]; removed: ScreeningCount[] } {
  for (const rule of SCREENING_2022)
    rule.codes.forEach((code, i) => {
      const label = frame.get(rule.q)?.codes.get(code);
      if (!label || labelKey(label).replace(/’/g, "'") !== labelKey(rule.labels[i]!))
        throw new CensusError(
          `${file}: screening rule ${rule.id} expects Q${rule.q} code ${code} to be "${rule.labels[i]}", the code frame says "${label}".`,
        );
    });
  const collectorColumn = coded.raw.options.indexOf("Collector ID");
  const removed = new Map(SCREENING_2022.map((r) => [r.id, 0]));
  const respondents = coded.raw.rows.map((row): RespondentSample => {
    const collector = collectorColumn >= 0 ? row[collectorColumn]?.trim() || null : null;
    const rule = SCREENING_2022.find((r) => {
      const values = (coded.columnsOf.get(r.q) ?? []).map((c) => row[c]?.trim() ?? "");
      return r.codes.length === 0
        ? values.every((v) => v === "")
        : values.some((v) => r.codes.includes(Number(v)) && v !== "");
    });
    if (rule) removed.set(rule.id, removed.get(rule.id)! + 1);
    return {
      excluded: rule?.id ?? null,
      collector,
      panel: collector === null ? null : collector === PANEL_COLLECTOR_2022,
    };
  });
  return {
    respondents,
    removed: SCREENING_2022.map((r) => ({
      rule: r.id,
      description: r.description,
      removed: removed.get(r.id)!,
    })),
  };
}
