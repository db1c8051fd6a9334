import type { FigureDefinition } from "./figure.ts";
import { adoptionKubernetes } from "./figures/adoption-kubernetes.ts";
import { containerUse } from "./figures/container-use.ts";
import { containers1000Plus } from "./figures/containers-1000-plus.ts";
import { fig11 } from "./figures/fig-1-1.ts";
import { fig12 } from "./figures/fig-1-2.ts";
import { fig22 } from "./figures/fig-2-2.ts";
import { fig23 } from "./figures/fig-2-3.ts";
import { fig24 } from "./figures/fig-2-4.ts";
import { fig25 } from "./figures/fig-2-5.ts";
import { fig26 } from "./figures/fig-2-6.ts";
import { fig27 } from "./figures/fig-2-7.ts";
import { kubernetesUse } from "./figures/kubernetes-use.ts";

/** Every figure: the book's, in its order, then the newer surveys' own. */
export const figures: FigureDefinition[] = [
  fig11,
  containers1000Plus,
  fig12,
  fig22,
  fig23,
  fig24,
  fig25,
  fig26,
  fig27,
  adoptionKubernetes,
  kubernetesUse,
  containerUse,
];

export const figureById = new Map(figures.map((f) => [f.id, f]));
