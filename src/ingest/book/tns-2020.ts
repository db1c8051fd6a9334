import { z } from "zod";

const text = z.string().trim().min(1);

/** The CNCF status column as the book prints it; "Incubation" is how one row (CRI-O) spells it. */
export const cncfStatuses2020 = [
  "Graduated",
  "Incubating",
  "Incubation",
  "Sandbox",
  "Not Submitted",
] as const;

/**
 * One printed row of a chapter-2 vendor table. Its commercial and open source halves are
 * unrelated (two alphabetical lists side by side); a "--" cell is simply absent.
 */
export const TnsStackRow = z
  .strictObject({
    layer: text,
    /** 1-based row within the layer's table. */
    row: z.number().int().positive(),
    commercial: text.optional(),
    vendor: text.optional(),
    open_source: text.optional(),
    cncf_status: z.enum(cncfStatuses2020).optional(),
    where: text,
    note: text.optional(),
  })
  .superRefine((r, ctx) => {
    if (r.commercial === undefined && r.open_source === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["commercial"],
        message: "a row needs a commercial product or an open source project",
      });
    if ((r.commercial === undefined) !== (r.vendor === undefined))
      ctx.addIssue({
        code: "custom",
        path: ["vendor"],
        message: "vendor goes with a commercial product, and only with one",
      });
    if ((r.open_source === undefined) !== (r.cncf_status === undefined))
      ctx.addIssue({
        code: "custom",
        path: ["cncf_status"],
        message: "cncf_status goes with an open source project, and only with one",
      });
  });
export type TnsStackRow = z.infer<typeof TnsStackRow>;

export const TnsLayersFile = z.strictObject({ book: text, rows: z.array(TnsStackRow).min(1) });

/** One entry of the book's lists of distributions, enterprise platforms and managed services. */
export const TnsPlatform = z.strictObject({
  list: z.string().regex(/^[a-z0-9-]+$/, "a list id is lower-case letters, digits and dashes"),
  name: text,
  /** null where the book names no vendor. */
  vendor: text.nullable(),
  where: text,
  note: text.optional(),
});
export type TnsPlatform = z.infer<typeof TnsPlatform>;

export const TnsPlatformsFile = z.strictObject({
  book: text,
  entries: z.array(TnsPlatform).min(1),
});
