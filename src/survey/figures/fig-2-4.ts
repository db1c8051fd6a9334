import { BOOK_YEAR, type FigureDefinition } from "../figure.ts";
import { K8S_USERS, K8S_USERS_ASKED, K8S_USERS_DESCRIPTION, optionShareSql } from "../universes.ts";

export const fig24: FigureDefinition = {
  id: "fig-2-4",
  title: "Kubernetes ingress providers",
  description: "Share of Kubernetes users using each ingress provider",
  // why: 1H 2020 asked the ingress list only of service-proxy users; sharing over every user would
  // count those never asked as not using any ingress
  universe: `${K8S_USERS_DESCRIPTION}, who were asked the ingress list (1H 2020: those using or evaluating a service proxy)`,
  segments: "all",
  book: "FIG 2.4",
  sql: optionShareSql({
    ctes: [K8S_USERS, K8S_USERS_ASKED("ingress")],
    question: "ingress",
    segments: ["all"],
  }),
  chart: { kind: "bars", sortBy: "all" },
  questions: ["k8s_clusters", "challenges", "ingress"],
  marginal: [{ kind: "options", wave: 2, question: "ingress", segment: "all" }],
  site: { page: "networking", overview: "fig24", defaultYear: BOOK_YEAR },
  readme: {
    years: "2018, 2019, 2020 (+2021 marginal)",
    universe:
      "Kubernetes users who were asked the ingress list (all of them but in 1H 2020: the 410 using or evaluating a service proxy)",
  },
  golden: {
    fixture: "figures-2019",
    // Kubernetes users 1, 2, 3, 6, 7 (n = 5), all asked the list in 2019: Envoy 2, NGINX 2,
    // None 1, Other 1 (test/fixtures/surveys/README.md).
    rows: [
      ["all", "Envoy", 5, 2],
      ["all", "NGINX", 5, 2],
      ["all", "None", 5, 1],
      ["all", "Other (please specify)", 5, 1],
    ],
  },
};
