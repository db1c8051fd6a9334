import { BOOK_YEAR, type FigureDefinition } from "../figure.ts";
import { K8S_USERS } from "../universes.ts";

export const fig12: FigureDefinition = {
  id: "fig-1-2",
  title: "More than 5 production clusters, by organization size",
  description:
    "Share of Kubernetes users with more than 5 clusters, by organization size (and 1000+)",
  universe: "Kubernetes users who gave their organization size",
  segments: "organization size buckets (<10 … >5000) and 1000+ (1000-4999 and >5000 together)",
  book: "FIG 1.2",
  sql: `WITH ${K8S_USERS},
sized AS (
  SELECT u.year, u.cluster_group, a.option AS size
  FROM k8s_users u JOIN answers a ON a.year = u.year AND a.respondent = u.respondent AND a.question = 'org_size'
),
segmented AS (
  SELECT year, cluster_group, size AS segment FROM sized
  UNION ALL
  -- why: the book also groups the two largest buckets as 1000+ (2022 split >5000 in two)
  SELECT year, cluster_group, '1000+' FROM sized
  WHERE size IN ('1000-4999', '>5000', '5,000-19,999', '20,000 or more')
)
SELECT s.year, s.segment, 'more than 5 clusters' AS category,
       count(*)::INTEGER AS n,
       count(*) FILTER (WHERE s.cluster_group = 'more than 5 clusters')::INTEGER AS count
FROM segmented s LEFT JOIN codebook_options o ON o.question = 'org_size' AND o.option = s.segment
GROUP BY s.year, s.segment, o."order"
ORDER BY s.year, coalesce(o."order", 99), s.segment`,
  chart: { kind: "segments" },
  questions: ["k8s_clusters", "challenges", "org_size"],
  site: {
    defaultYear: BOOK_YEAR,
    page: "deployment-size",
    overview: "fig12",
    lead: `Larger organizations run more clusters: the share with more than five clusters climbs with each
organization-size bucket.`,
  },
  readme: {
    years: "2018, 2019, 2020, 2022 (+2017 for 1000+)",
    universe: "Kubernetes users, by organization size",
  },
  golden: {
    fixture: "figures-2019",
    // One Kubernetes user per size bucket given (n = 1 each); more than 5 clusters: 1, 3, 7, in
    // 500-999, 1000-4999 and >5000. 1000+ = 1000-4999 and >5000: n = 2, both more than 5.
    rows: [
      ["<10", "more than 5 clusters", 1, 0],
      ["100-499", "more than 5 clusters", 1, 0],
      ["500-999", "more than 5 clusters", 1, 1],
      ["1000-4999", "more than 5 clusters", 1, 1],
      [">5000", "more than 5 clusters", 1, 1],
      ["1000+", "more than 5 clusters", 2, 2],
    ],
  },
};
