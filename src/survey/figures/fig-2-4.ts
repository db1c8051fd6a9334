import type { FigureDefinition } from "../figure.ts";
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
  }),
  chart: { kind: "bars", sortBy: "all" },
  questions: ["k8s_clusters", "challenges", "ingress"],
  marginal: [{ kind: "options", wave: 2, question: "ingress", segment: "all" }],
};
