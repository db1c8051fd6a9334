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
  }),
  chart: { kind: "bars" },
  questions: ["container_use"],
};
