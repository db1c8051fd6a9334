import type { FigureDefinition } from "../figure.ts";
import { sqlList } from "../sql-list.ts";

/** Each year's answers that mean "in production", and those that also count piloting or evaluating. */
const PRODUCTION = ["Yes, in production", "Yes, using in production"];
const USING_OR_EVALUATING = [
  ...PRODUCTION,
  "Yes, in test or PoC",
  "Not yet, but we are evaluating Kubernetes",
  "Yes, piloting or actively evaluating in test environments",
];

export const kubernetesUse: FigureDefinition = {
  id: "kubernetes-use",
  title: "Organizations using Kubernetes, by region",
  description:
    "Share of organizations using Kubernetes in production, and using or evaluating it, overall and by region",
  universe: "respondents who answered whether their organization uses Kubernetes",
  segments: "all, and each region as that year's survey drew them",
  book: "Not in the book (2021 and 2022 surveys; CNCF published 96% using or evaluating in 2021)",
  sql: `WITH k AS (SELECT year, respondent, option FROM answers WHERE question = 'k8s_use'),
segmented AS (
  SELECT year, respondent, 'all' AS segment FROM k
  UNION ALL
  SELECT k.year, k.respondent, r.option FROM k
  JOIN answers r ON r.year = k.year AND r.respondent = k.respondent AND r.question = 'region'
),
categories(category, options, "order") AS (VALUES
  ('in production', ${sqlList(PRODUCTION)}, 1),
  -- why: production plus piloting, testing or evaluating: CNCF's "using or evaluating"
  ('using or evaluating', ${sqlList(USING_OR_EVALUATING)}, 2)
)
SELECT s.year, s.segment, c.category, count(*)::INTEGER AS n,
       count(*) FILTER (WHERE list_contains(c.options, k.option))::INTEGER AS count
FROM segmented s JOIN k USING (year, respondent) CROSS JOIN categories c
LEFT JOIN codebook_options o ON o.question = 'region' AND o.option = s.segment
GROUP BY s.year, s.segment, c.category, c."order", o."order"
ORDER BY s.year, coalesce(o."order", 0), s.segment, c."order"`,
  chart: { kind: "bars", sortBy: "all" },
  questions: ["k8s_use", "region"],
  marginal: [
    {
      kind: "sum",
      wave: 1,
      question: "k8s_use",
      segment: "all",
      category: "in production",
      count: PRODUCTION,
      byRegion: true,
    },
    {
      kind: "sum",
      wave: 1,
      question: "k8s_use",
      segment: "all",
      category: "using or evaluating",
      count: USING_OR_EVALUATING,
      byRegion: true,
    },
  ],
  site: {
    page: "trends",
    lead: `## Organizations using Kubernetes

Asked of everyone since 2021, overall and by region. 2021 is CNCF's summary (everyone who
answered the question); 2022 is computed from respondents. The regions were recut in 2022, so
only the overall line, and Africa, continue from one year to the next.`,
  },
  readme: {
    years: "2022 (+2021 marginal)",
    universe: "respondents who said whether they use Kubernetes, overall and per region",
  },
  golden: {
    fixture: "kubernetes-use-2022",
    // kubernetes-use-2022.csv: 5 is screened out (a bot); 6 left Q16 blank. n (all) = 1, 2, 3, 4, 7
    // = 5; in production 1 and 4 = 2; using or evaluating adds piloting 2 = 3 (3 said No, 7 does
    // not know). Africa: 4 (1 of 1 both); Europe: 1, 2, 7 (production 1, using or evaluating 1
    // and 2); United States or Canada: 3 only, who said No (0 of 1). Regions in codebook order.
    rows: [
      ["all", "in production", 5, 2],
      ["all", "using or evaluating", 5, 3],
      ["Africa", "in production", 1, 1],
      ["Africa", "using or evaluating", 1, 1],
      ["Europe (including Russia)", "in production", 3, 1],
      ["Europe (including Russia)", "using or evaluating", 3, 2],
      ["United States or Canada", "in production", 1, 0],
      ["United States or Canada", "using or evaluating", 1, 0],
    ],
  },
};
