import { z } from "zod";

const text = z.string().trim().min(1);

/** The figure ids of FIGURES.md, plus `other` for a printed number that no figure computes. */
export const claimFigures = [
  "fig-1-1",
  "containers-1000-plus",
  "fig-1-2",
  "fig-2-2",
  "fig-2-3",
  "fig-2-4",
  "fig-2-5",
  "fig-2-6",
  "fig-2-7",
  "adoption-kubernetes",
  "other",
] as const;

/** rank: position in an order the book states ("most used", "fourth"); ratio: "50% higher" = 1.5. */
export const claimMeasures = ["share", "n", "mean", "count", "rank", "ratio"] as const;

/** How the printed number bounds the true value: "more than 2,400" is a lower bound, not 2,400. */
export const claimQualifiers = [
  "exact",
  "about",
  "almost",
  "at least",
  "more than",
  "at most",
] as const;

/** One number the book prints about the CNCF surveys. */
export const PublishedClaim = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "an id is lower-case letters, digits and dashes"),
    figure: z.enum(claimFigures),
    year: z.number().int().min(2017).max(2020),
    segment: text,
    /** The 2019 survey's option label, a FIGURES.md label, or "*" for the universe as a whole. */
    category: text,
    measure: z.enum(claimMeasures),
    value: z.number().nonnegative(),
    qualifier: z.enum(claimQualifiers).default("exact"),
    printed: text,
    n: z.number().int().positive().nullable(),
    where: text,
    note: text,
  })
  .superRefine((c, ctx) => {
    const fail = (path: string, message: string) =>
      ctx.addIssue({ code: "custom", path: [path], message });
    // A printed "39%" must be stored as 0.39: catches slips between the two fields.
    const percent = /^(\d+(?:\.\d+)?)%$/.exec(c.printed);
    if (c.measure === "share" && c.value > 1)
      fail("value", `a share is a fraction: write ${c.value / 100} for ${c.value}%`);
    else if (
      c.measure === "share" &&
      percent &&
      Math.abs(Number(percent[1]) / 100 - c.value) > 1e-9
    )
      fail("value", `${c.value} does not match the printed "${c.printed}"`);
    if (
      (c.measure === "n" || c.measure === "count" || c.measure === "rank") &&
      !Number.isInteger(c.value)
    )
      fail("value", `a ${c.measure} is a whole number`);
    if (c.measure === "n" && c.qualifier === "exact" && c.n !== null && c.n !== c.value)
      fail("n", `an exact n claim has n equal to its value (${c.value})`);
  });
export type PublishedClaim = z.infer<typeof PublishedClaim>;

export const PublishedClaimsFile = z.strictObject({
  book: text,
  claims: z.array(PublishedClaim).min(1),
});
