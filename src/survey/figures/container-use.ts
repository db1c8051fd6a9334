import type { FigureDefinition } from "../figure.ts";
import { optionShareSql } from "../universes.ts";

export const containerUse: FigureDefinition = {
  id: "container-use",
  title: "How widely containers are used",
  description:
    "Share of organizations using containers for most applications, a few, piloting, planning or not",
  universe:
    "respondents in the published sample who answered how their organization uses containers",
  segments: "all",
  book: "Not in the book (2022 survey; CNCF published 44% and 35% for the first two answers)",
  sql: optionShareSql({
    ctes: [
      `universe AS (SELECT DISTINCT year, respondent, 'all' AS segment FROM answers WHERE question = 'container_use')`,
    ],
    question: "container_use",
    segments: ["all"],
  }),
  chart: { kind: "bars" },
  questions: ["container_use"],
  site: {
    page: "trends",
    lead: `## How widely containers are used

Asked in 2022 only so far: how far containers have spread through the organization.`,
  },
  readme: { years: "2022", universe: "the 2022 sample (how widely containers are used)" },
  golden: {
    fixture: "coded-2022",
    // coded-2022.csv: respondents 1, 6 and 7 pass the screening (2-5 are screened out): n = 3.
    // Q13 codes: 1 and 7 answered 1 (most or all), 6 answered 2 (a few).
    rows: [
      [
        "all",
        "Used for most or all production applications and business segments throughout the organization",
        3,
        2,
      ],
      [
        "all",
        "Used for a few production applications or business segments in the organization",
        3,
        1,
      ],
    ],
  },
};
