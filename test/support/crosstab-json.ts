import { z } from "zod";

/** The JSON output of `kube-census crosstab --format json`. */
export const CrosstabJson = z.strictObject({
  question: z.strictObject({ id: z.string(), label: z.string(), type: z.string() }),
  by: z.strictObject({ id: z.string(), label: z.string() }),
  universe: z.strictObject({ id: z.enum(["respondents", "k8s-users"]), description: z.string() }),
  filters: z.array(
    z.strictObject({
      question: z.string(),
      option: z.string(),
      level: z.string().nullable(),
      options: z.array(z.string()).optional(),
      levels: z.array(z.string()).optional(),
      kind: z.enum(["answered", "panel"]).optional(),
      not: z.boolean().optional(),
    }),
  ),
  nets: z
    .array(
      z.strictObject({
        question: z.string(),
        name: z.string().min(1),
        over: z.enum(["options", "levels"]),
        members: z.array(z.string()).min(1),
        source: z.enum(["codebook", "user"]),
      }),
    )
    .optional(),
  years: z.array(z.number().int()),
  sample: z.enum(["all", "community", "panel"]),
  base: z.strictObject({ id: z.enum(["answered", "valid"]), description: z.string().min(1) }),
  comparable: z.boolean(),
  method: z.string().min(1),
  disclosure: z.string().min(1),
  tests: z.strictObject({
    adjustment: z.enum(["bonferroni", "holm", "bh"]),
    run: z.number().int().nonnegative(),
    significant: z.number().int().nonnegative(),
    low_expected: z.number().int().nonnegative(),
    not_comparable: z.number().int().nonnegative(),
    small_base: z.number().int().nonnegative(),
    overlapping: z.number().int().nonnegative().optional(),
  }),
  breaks: z.array(
    z.strictObject({
      number: z.number().int().positive(),
      question: z.string(),
      year: z.number().int(),
      previous_year: z.number().int().nullable(),
      kind: z.string(),
      option: z.string().nullable(),
      text: z.string().min(1),
      role: z.enum(["row", "filter", "universe", "sample"]),
      valid_only: z.boolean(),
    }),
  ),
  columns: z.array(
    z.strictObject({ letter: z.string(), label: z.string(), n: z.number().int().nonnegative() }),
  ),
  rows: z.array(
    z.strictObject({
      year: z.number().int(),
      column: z.string(),
      letter: z.string(),
      option: z.string(),
      level: z.string().nullable(),
      asked: z.number().int().nonnegative(),
      answered: z.number().int().nonnegative(),
      no_answer: z.number().int().nonnegative(),
      n: z.number().int().nonnegative(),
      count: z.number().int().nonnegative(),
      share: z.number().min(0).max(1).nullable(),
      ci_low: z.number().min(0).max(1).nullable(),
      ci_high: z.number().min(0).max(1).nullable(),
      small_base: z.boolean(),
      higher_than: z.array(z.string()),
      low_expected: z.array(z.string()),
      not_comparable: z.array(z.string()),
      breaks: z.array(z.number().int().positive()),
      overlapping: z.array(z.string()).optional(),
    }),
  ),
});
export type CrosstabJson = z.infer<typeof CrosstabJson>;
