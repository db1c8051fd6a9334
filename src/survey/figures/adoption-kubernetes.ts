import { BOOK_YEAR, type FigureDefinition } from "../figure.ts";

export const adoptionKubernetes: FigureDefinition = {
  id: "adoption-kubernetes",
  title: "Kubernetes in production",
  description:
    "Share of respondents answering the Kubernetes row of the CNCF projects question who use it in production",
  universe: "respondents who answered the Kubernetes row of the CNCF projects question",
  segments: "all",
  book: "Chapter 1 text",
  sql: `SELECT year, 'all' AS segment, 'Kubernetes in production' AS category,
       count(DISTINCT respondent)::INTEGER AS n,
       count(DISTINCT respondent) FILTER (WHERE value = 'Using in production')::INTEGER AS count
FROM answers
WHERE question = 'cncf_projects' AND option = 'Kubernetes'
GROUP BY year
ORDER BY year`,
  chart: { kind: "segments" },
  questions: ["cncf_projects"],
  marginal: [
    {
      kind: "sum",
      wave: 2,
      question: "cncf_projects",
      item: "Kubernetes",
      segment: "all",
      category: "Kubernetes in production",
      count: ["Using in production"],
    },
  ],
  site: {
    defaultYear: BOOK_YEAR,
    page: "deployment-size",
    overview: "adoption",
    lead: `Behind all of this, how many run Kubernetes in production at all: of the respondents who answered
the Kubernetes row of the CNCF projects question, the share using it in production, survey by
survey (the book's "78%" for 2019; the overview's headline and the scorecard link here).`,
  },
  readme: {
    years: "2018, 2019, 2020, 2022 (+2017, 2021 marginal)",
    universe: "respondents who answered the Kubernetes row",
  },
  golden: {
    fixture: "figures-2019",
    // Everyone but 8 answered the Kubernetes row (n = 7); 1, 3, 4 and 7 use it in production.
    rows: [["all", "Kubernetes in production", 7, 4]],
  },
};
