/**
 * A tab plan: a YAML file naming many cross-tabs (`kube-census tabs plan.yml`). This file reads
 * and checks its shape (zod) and turns each table into exactly the command line `crosstab` and
 * `weights` take (CrosstabArgs, `--weight/--weight-by/--trim`), so every name, option, net,
 * filter and year is then checked by the cross-tab's own validation (crosstab-spec.ts), not a
 * second copy of it. Errors name the plan file, the table (its index and name) and the field.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { dirname, isAbsolute, relative, resolve } from "node:path";
import { z } from "zod";
import { CensusError } from "../../errors.ts";
import { parseYaml } from "../../ingest/read-yaml.ts";
import {
  ADJUSTMENTS,
  CROSSTAB_SAMPLES,
  CROSSTAB_UNIVERSE_NAMES,
} from "../../survey/value-lists.ts";
import type { CrosstabArgs } from "./crosstab-spec.ts";

/**
 * A table's name is its files' name (`<name>.csv`, `<name>.json`) and, cut to 31 characters, its
 * sheet's: letters, digits, `.`, `_`, `-`, so it is a safe file name everywhere and a valid sheet
 * name (Excel refuses `[]:*?/\`).
 */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * Text a plan writes into the outputs (a title, a net's name, a filter) holds no control
 * character: none is meant in a plan, and the workbook's writer would drop them silently (XML 1.0
 * cannot hold most), so its sheet would not say what the CSV says.
 */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const text = () =>
  z
    .string()
    .min(1)
    .refine((s) => !CONTROL.test(s), "holds a control character; remove it");

/** `weight:` — the targets (a year's sample mix or a targets file), the variables and the trim. */
const weightSchema = z.strictObject({
  target: z.union([z.number().int(), text()]),
  by: z.array(text()).min(1).optional(),
  trim: z.tuple([z.number(), z.number()]).optional(),
});

/** Every field a table can set, and `defaults:` too; a table's own value replaces the default. */
const tableFields = {
  title: text().max(200).optional(),
  question: text().optional(),
  by: text().optional(),
  years: z.array(z.number().int()).min(1).optional(),
  universe: z.enum(CROSSTAB_UNIVERSE_NAMES).optional(),
  sample: z.enum(CROSSTAB_SAMPLES).optional(),
  where: z.array(text()).optional(),
  nets: z.array(text()).optional(),
  standard_nets: z.boolean().optional(),
  valid: z.boolean().optional(),
  comparable: z.boolean().optional(),
  adjust: z.enum(ADJUSTMENTS).optional(),
  diffs: z.boolean().optional(),
  /** null: no weight, where the defaults give one. */
  weight: weightSchema.nullable().optional(),
};

const defaultsSchema = z.strictObject(
  (({ title: _t, question: _q, ...rest }) => rest)(tableFields),
);
const tableSchema = z.strictObject({
  name: z
    .string()
    .regex(
      NAME,
      "a name of letters, digits, '.', '_' and '-' (at most 64, not starting with . _ or -)",
    ),
  ...tableFields,
  question: text(),
});
const planSchema = z.strictObject({
  title: text().max(200).optional(),
  defaults: defaultsSchema.optional(),
  tables: z.array(tableSchema).min(1),
});

export type PlanWeight = z.infer<typeof weightSchema>;
export type PlanTableEntry = z.infer<typeof tableSchema>;

/** One table of a plan, its defaults applied, as the command line would give it. */
export interface PlanTable {
  /** Position in the plan's `tables` list, from 0. */
  index: number;
  name: string;
  title?: string;
  /** The table as it runs (defaults applied), for the JSON and the index to show. */
  entry: PlanTableEntry;
  args: CrosstabArgs;
  /** `--weight <target> --weight-by … --trim …`, as `crosstab` and `weights` take them. */
  weight?: { weight: string; weightBy?: string; trim?: string };
}

export interface Plan {
  file: string;
  /** sha256 of the plan file's bytes: the stamp names it. */
  sha256: string;
  title?: string;
  tables: PlanTable[];
}

/** Where in the plan: `tables[2] ("clusters-by-size")`, then the field. */
export const tableAt = (index: number, name: string | undefined) =>
  `tables[${index}]${name ? ` (${JSON.stringify(name)})` : ""}`;

/** A zod issue's path as a reader says it: `defaults, field "years"`, `tables[1] ("x"), field "where[0]"`. */
function issuePlace(path: readonly PropertyKey[], value: unknown): string {
  const [head, index, ...rest] = path;
  const field = (parts: readonly PropertyKey[]) =>
    parts.length
      ? `field "${parts.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i ? "." : ""}${String(p)}`)).join("")}"`
      : "";
  if (head === "tables" && typeof index === "number") {
    const raw = (value as { tables?: { name?: unknown }[] })?.tables?.[index]?.name;
    const at = tableAt(index, typeof raw === "string" ? raw : undefined);
    return rest.length ? `${at}, ${field(rest)}` : at;
  }
  if (head === undefined) return "(top level)";
  return field(path);
}

const PLAN_ADVICE =
  "A plan is `tables:` (a list of {name, question, by, years, universe, sample, where, nets, standard_nets, valid, comparable, adjust, diffs, weight}) with optional `title:` and `defaults:`; see examples/plans/.";

/**
 * Reads a plan file: its YAML, its shape, names unique (also ignoring case, as file names on
 * some systems), every table with a banner; defaults applied. Nothing about the codebook or the
 * data is checked here — crosstab-spec.ts does that for each table.
 */
export async function readPlan(file: string): Promise<Plan> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    throw new CensusError(
      `${file}: cannot read the tab plan (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`,
    );
  }
  const value = parseYaml(bytes.toString("utf8"), file, PLAN_ADVICE);
  const parsed = planSchema.safeParse(value);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${issuePlace(i.path, value)}: ${i.message}`);
    throw new CensusError(
      `${file}: ${lines.length} invalid value(s):\n${lines.join("\n")}\n${PLAN_ADVICE}`,
      2,
    );
  }
  const plan = parsed.data;
  const seen = new Map<string, number>();
  const tables = plan.tables.map((t, index): PlanTable => {
    const at = tableAt(index, t.name);
    const folded = t.name.toLowerCase();
    // why: index.json and tables.xlsx are the plan's own files; a table named so would overwrite them
    if (folded === "index" || folded === "tables")
      throw new CensusError(
        `${file}: ${at}, field "name": "${t.name}" names the plan's own index; choose another name.`,
        2,
      );
    if (seen.has(folded))
      throw new CensusError(
        `${file}: ${at}, field "name": "${t.name}" is already the name of ${tableAt(seen.get(folded)!, plan.tables[seen.get(folded)!]!.name)} ` +
          `(names are file names, compared ignoring case); give each table its own.`,
        2,
      );
    seen.set(folded, index);
    const entry: PlanTableEntry = { ...plan.defaults, ...t };
    if (!entry.by)
      throw new CensusError(
        `${file}: ${at}, field "by": missing; give the banner (a question, year or sample) here or in defaults.`,
        2,
      );
    const weight = entry.weight ?? undefined;
    if (entry.weight === null) delete entry.weight;
    return {
      index,
      name: t.name,
      ...(t.title && { title: t.title }),
      entry,
      args: {
        question: entry.question,
        by: entry.by,
        year: entry.years?.map(String),
        universe: entry.universe,
        sample: entry.sample,
        where: entry.where,
        net: entry.nets,
        nets: entry.standard_nets ?? false,
        valid: entry.valid ?? false,
        comparable: entry.comparable ?? false,
        adjust: entry.adjust,
        diffs: entry.diffs ?? false,
      },
      ...(weight && { weight: weightArgs(weight, file) }),
    };
  });
  return {
    file,
    sha256: createHash("sha256").update(bytes).digest("hex"),
    ...(plan.title && { title: plan.title }),
    tables,
  };
}

/**
 * A plan's `weight:` as the `--weight` flags: a year as itself, a targets file found relative
 * to the plan's folder (so a plan and its targets move together), the variables comma-joined.
 */
function weightArgs(w: PlanWeight, file: string): NonNullable<PlanTable["weight"]> {
  const target =
    typeof w.target === "number" || /^\d{4}$/.test(w.target)
      ? String(w.target)
      : isAbsolute(w.target)
        ? w.target
        : // why: relative to where the command runs, as a flag would be, not an absolute path
          // that would put this machine's folders into the outputs
          relative(process.cwd(), resolve(dirname(file), w.target));
  return {
    weight: target,
    ...(w.by && { weightBy: w.by.join(",") }),
    ...(w.trim && { trim: w.trim.join(",") }),
  };
}

/** The cross-tab's flags, as a plan names them. */
const PLAN_FIELDS: Record<string, string> = {
  by: "by",
  year: "years",
  universe: "universe",
  sample: "sample",
  where: "where",
  net: "nets",
  nets: "standard_nets",
  adjust: "adjust",
  weight: "weight.target",
  "weight-by": "weight.by",
  trim: "weight.trim",
};

/**
 * An error the cross-tab's validation (its weighting options included) raised for one table, said for
 * the plan: the file, the table, its fields named as the plan names them, without the command's
 * usage (the plan has none).
 */
export function planError(file: string, table: PlanTable, e: unknown): unknown {
  if (!(e instanceof CensusError)) return e;
  const message = e.message
    .split("\n\nUsage:")[0]!
    .replace(/^weights: /, "")
    .replace(
      /--(weight-by|weight|trim|year|universe|sample|where|nets|net|adjust|by)\b/g,
      (_, flag: string) => `field "${PLAN_FIELDS[flag]}"`,
    );
  return new CensusError(`${file}: ${tableAt(table.index, table.name)}: ${message}`, e.exitCode);
}
