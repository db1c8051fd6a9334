import { z } from "zod";

/**
 * The `project:` values seen in the ten snapshots 2018-12-31 … 2026-08-07. `archived` first
 * appears in 2021-12-31; from 2022 some items carry an empty `project:` (YAML null), which means
 * "not a CNCF project", not a fifth value.
 */
export const maturities = ["sandbox", "incubating", "graduated", "archived"] as const;

/** `https://www.crunchbase.com/organization/<slug>`, sometimes with a tracking query (2025+). */
const crunchbaseOrganization =
  /^https?:\/\/(?:www\.)?crunchbase\.com\/organization\/([^/?#\s]+)\/?(?:[?#]\S*)?$/;

/** The organization slug of a crunchbase URL the schema has accepted. */
function organizationSlug(url: string): string | null {
  return crunchbaseOrganization.exec(url)?.[1] ?? null;
}

/**
 * YYYY-MM-DD for a date given as a string or, when a file declares `%YAML 1.1`, as a Date.
 * Unpadded months and days occur in the real files (`accepted: 2022-6-17`), so they are padded.
 */
function isoDate(value: Date | string): string | null {
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10);
  }
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return `${m[1]}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** Blank and absent mean the same thing in landscape.yml (`repo_url:`, `description: ''`). */
function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? null : v),
    schema.nullish(),
  );
}

// Trimmed because some URLs end in a no-break space (2026-08-07) or start with a space (2018).
const Text = optional(z.string().trim());
const YamlDate = optional(
  z
    .union([z.date(), z.string().trim()])
    .transform(isoDate)
    .pipe(z.string({ error: "not a calendar date (expected YYYY-MM-DD)" })),
);

/** One entry of `subcategories[].items` in landscape.yml; unknown fields are kept. */
export const LandscapeItemYaml = z.looseObject({
  name: z
    .string({ error: (i) => (i.input === undefined ? "item has no name" : "name is not a string") })
    .trim()
    .min(1, "name is empty"),
  homepage_url: Text,
  repo_url: Text,
  project: optional(
    z.enum(maturities, { error: `not a CNCF maturity (expected ${maturities.join("/")})` }),
  ),
  crunchbase: optional(
    z.string().trim().regex(crunchbaseOrganization, "not a crunchbase organization URL"),
  ),
  description: Text,
  extra: optional(
    z.looseObject({
      accepted: YamlDate,
      incubating: YamlDate,
      graduated: YamlDate,
      archived: YamlDate,
    }),
  ),
});
export type LandscapeItemYaml = z.output<typeof LandscapeItemYaml>;

/** One landscape item in one snapshot, as stored in `landscape_items`. */
export interface LandscapeItem {
  /** YYYY-MM-DD of the landscape.yml snapshot. */
  snapshot: string;
  category: string;
  subcategory: string;
  name: string;
  /** CNCF maturity from `project`; null for items that are not CNCF projects. */
  maturity: string | null;
  homepageUrl: string | null;
  repoUrl: string | null;
  /** Organization slug of the crunchbase URL, e.g. "alibaba-cloud". */
  organization: string | null;
  crunchbaseUrl: string | null;
  description: string | null;
  accepted: string | null;
  incubating: string | null;
  graduated: string | null;
  archived: string | null;
  /** Where the item sits in the file, e.g. `landscape[0].subcategories[2].items[5]`. */
  path: string;
  /** JSON object of every field not mapped above (logo, twitter, extra.dev_stats_url, …). */
  extra: string;
}

/** Where an item was found: its snapshot, its category and subcategory names, and its path. */
export interface ItemPlace {
  snapshot: string;
  category: string;
  subcategory: string;
  path: string;
}

/** Maps a validated item onto the table's columns, keeping everything else in `extra`. */
export function toLandscapeItem(raw: LandscapeItemYaml, place: ItemPlace): LandscapeItem {
  const { name, homepage_url, repo_url, project, crunchbase, description, extra, ...rest } = raw;
  const { accepted, incubating, graduated, archived, ...extraRest } = extra ?? {};
  // `- item:` is only a marker (always null) that the newer `- name:` form leaves out.
  if (rest.item === null) delete rest.item;
  const unmapped = Object.keys(extraRest).length > 0 ? { ...rest, extra: extraRest } : rest;
  return {
    ...place,
    name,
    maturity: project ?? null,
    homepageUrl: homepage_url ?? null,
    repoUrl: repo_url ?? null,
    organization: crunchbase ? organizationSlug(crunchbase) : null,
    crunchbaseUrl: crunchbase ?? null,
    description: description ?? null,
    accepted: accepted ?? null,
    incubating: incubating ?? null,
    graduated: graduated ?? null,
    archived: archived ?? null,
    extra: JSON.stringify(unmapped),
  };
}
