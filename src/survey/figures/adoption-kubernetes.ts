import type { FigureDefinition } from "../figure.ts";

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
};
