import { BOOK_YEAR, type FigureDefinition } from "../figure.ts";
import { answered, K8S_USERS, offered } from "../universes.ts";

/** The matrix levels the figure draws, production first as the book does. */
const SEGMENTS = ["using in production", "evaluating"];
const segments = `[${SEGMENTS.map((s) => `'${s}'`).join(", ")}]`;

export const fig25: FigureDefinition = {
  id: "fig-2-5",
  title: "Service mesh in production and under evaluation",
  description: "Share of Kubernetes users using in production / evaluating each service mesh",
  universe:
    "Kubernetes users who answered at least one row of the service mesh question (or its Other/None box)",
  segments: "using in production, evaluating",
  book: "FIG 2.5",
  sql: `WITH ${K8S_USERS},
${answered("service_mesh")},
${offered("service_mesh")},
universe AS (SELECT year, respondent FROM k8s_users JOIN answered_service_mesh USING (year, respondent)),
seg_n AS (
  SELECT year, segment, count(*) AS n FROM universe
  -- why: both segments share one universe; a segment is a matrix level, not a group of people
  CROSS JOIN (SELECT unnest(${segments}) AS segment)
  GROUP BY year, segment
),
hits AS (
  SELECT u.year, lower(a.value) AS segment, a.option AS category, count(DISTINCT u.respondent) AS hits
  FROM universe u JOIN answers a ON a.year = u.year AND a.respondent = u.respondent
  WHERE a.question = 'service_mesh' AND a.value IN ('Using in production', 'Evaluating')
  GROUP BY ALL
)
SELECT s.year, s.segment, o.category, s.n::INTEGER AS n, coalesce(h.hits, 0)::INTEGER AS count
FROM seg_n s
JOIN offered o ON o.year = s.year
LEFT JOIN hits h ON h.year = s.year AND h.segment = s.segment AND h.category = o.category
ORDER BY s.year, list_position(${segments}, s.segment), o."order", o.category`,
  chart: { kind: "bars", sortBy: "using in production" },
  questions: ["k8s_clusters", "challenges", "service_mesh"],
  marginal: [
    {
      kind: "options",
      wave: 2,
      question: "service_mesh",
      segment: "using in production",
      level: "Using in production",
    },
    {
      kind: "options",
      wave: 2,
      question: "service_mesh",
      segment: "evaluating",
      level: "Evaluating",
    },
  ],
  segmentOrder: SEGMENTS,
  site: { page: "service-mesh", defaultYear: BOOK_YEAR },
  readme: {
    years: "2019, 2020 (+2021 marginal)",
    universe: "Kubernetes users who answered the service mesh question",
  },
  golden: {
    fixture: "figures-2019",
    // Service mesh universe: Kubernetes users 1, 2, 6 (Other/None box), 7 — not 3: n = 4 in both
    // segments (a segment is a level); one each uses Istio and Linkerd in production, one each
    // evaluates them.
    rows: [
      ["using in production", "Istio", 4, 1],
      ["using in production", "Linkerd", 4, 1],
      ["evaluating", "Istio", 4, 1],
      ["evaluating", "Linkerd", 4, 1],
    ],
  },
};
