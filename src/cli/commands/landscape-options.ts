import { z } from "zod";
import {
  countKeys,
  maturityFilters,
  type CountKey,
  type MaturityFilter,
} from "../../landscape/model.ts";
import { CensusError } from "../../errors.ts";
import { commandUsage } from "../commands.ts";

/** What `kube-census landscape` shows; see `landscapeOptions` for how the flags map here. */
export interface LandscapeOptions {
  category?: string;
  subcategory?: string;
  maturity?: MaturityFilter;
  org?: string;
  search?: string;
  /** YYYY-MM-DD: read the snapshot in force then (default: the newest). */
  at?: string;
  countBy?: CountKey;
  /** Two dates: compare the snapshots in force at each. */
  diff?: [string, string];
  book?: boolean;
  adoption?: boolean;
}

const name = z.string().trim().min(1, "is empty");

// The flags as parseArgs returns them (main.ts parses only this command's; --format and --help are
// its own business and are stripped here).
const Flags = z.object({
  category: name.optional(),
  subcategory: name.optional(),
  maturity: z
    .enum(maturityFilters, { error: `must be one of ${maturityFilters.join(", ")}` })
    .optional(),
  org: name.optional(),
  search: name.optional(),
  at: name.optional(),
  "count-by": z.enum(countKeys, { error: `must be one of ${countKeys.join(", ")}` }).optional(),
  diff: z.union([z.string(), z.array(z.string())]).optional(),
  book: z.boolean().optional(),
  adoption: z.boolean().optional(),
});

const usage = (message: string) => new CensusError(`landscape: ${message}`, 2);

const flag = (k: keyof LandscapeOptions) => `--${k === "countBy" ? "count-by" : k}`;

/** Refuses combinations that have no meaning (filters on --book, --at with --diff, …). */
export function checkModes(opts: LandscapeOptions): void {
  const given = (Object.keys(opts) as (keyof LandscapeOptions)[]).filter(
    (k) => opts[k] !== undefined && opts[k] !== false,
  );
  for (const mode of ["book", "adoption"] as const)
    if (opts[mode] && given.length > 1)
      throw usage(
        `--${mode} takes no other option (got ${given
          .filter((k) => k !== mode)
          .map(flag)
          .join(", ")}).`,
      );
  if (opts.diff && opts.at)
    throw usage("--diff compares the snapshots in force at its two dates; drop --at.");
  if (opts.diff && opts.countBy) throw usage("--diff and --count-by do not combine.");
}

/**
 * Normalises the loose values of parseArgs into LandscapeOptions. `--diff` takes two dates,
 * given as `--diff A --diff B` (parseArgs `multiple: true`), `--diff A,B`, or `--diff A B` (the
 * second date arriving as a positional).
 */
export function landscapeOptions(
  values: Record<string, unknown>,
  positionals: string[] = [],
): LandscapeOptions {
  const parsed = Flags.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw usage(
      `--${issue.path.join(".")} ${issue.message} (got ${JSON.stringify((values as Record<string, unknown>)[String(issue.path[0])])}).`,
    );
  }
  const f = parsed.data;
  const rest = [...positionals];
  let diff: [string, string] | undefined;
  if (f.diff !== undefined) {
    const dates = [f.diff]
      .flat()
      .flatMap((d) => d.split(","))
      .map((d) => d.trim())
      .filter(Boolean);
    if (dates.length === 1 && rest.length === 1) dates.push(rest.shift()!);
    if (dates.length !== 2)
      throw usage(
        `--diff takes two dates (--diff 2019-12-31 --diff 2020-07-31, or --diff 2019-12-31,2020-07-31); got ${dates.length}.`,
      );
    diff = [dates[0]!, dates[1]!];
  }
  // why: only --diff's second date may come as an argument; anything else gets the usage, as
  // every other command's unexpected argument does
  if (rest.length)
    throw usage(
      `unexpected argument ${JSON.stringify(rest[0])}${f.diff === undefined ? " (landscape takes no arguments but --diff's second date)" : ""}.\n\n${commandUsage("landscape").trimEnd()}`,
    );
  const opts: LandscapeOptions = {
    category: f.category,
    subcategory: f.subcategory,
    maturity: f.maturity,
    org: f.org,
    search: f.search,
    at: f.at,
    countBy: f["count-by"],
    diff,
    book: f.book,
    adoption: f.adoption,
  };
  for (const k of Object.keys(opts) as (keyof LandscapeOptions)[])
    if (opts[k] === undefined || opts[k] === false) delete opts[k];
  checkModes(opts);
  return opts;
}
