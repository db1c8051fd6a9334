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

const MAPPED = new Set(["name", "homepage_url", "repo_url", "project", "crunchbase", "description"]);
const DATES = ["accepted", "incubating", "graduated", "archived"] as const;

/** Maps a validated item onto the table's columns, keeping everything else in `extra`. */
export function toLandscapeItem(raw: LandscapeItemYaml, place: ItemPlace): LandscapeItem {
  const { name, homepage_url, repo_url, project, crunchbase, description, extra } = raw;
  const { accepted, incubating, graduated, archived } = extra ?? {};
  // why: a key loop, not rest destructuring and `delete` (18,338 items; `delete` turns each
  // object into a slow dictionary); the keys keep their order, so `extra`'s JSON is unchanged
  const unmapped: Record<string, unknown> = {};
  for (const key of Object.keys(raw)) {
    // `- item:` is only a marker (always null) that the newer `- name:` form leaves out.
    if (MAPPED.has(key) || key === "extra" || (key === "item" && raw.item === null)) continue;
    unmapped[key] = (raw as Record<string, unknown>)[key];
  }
  if (extra) {
    const extraRest: Record<string, unknown> = {};
    for (const key of Object.keys(extra)) {
      if (!(DATES as readonly string[]).includes(key)) extraRest[key] = extra[key];
    }
    if (Object.keys(extraRest).length > 0) unmapped.extra = extraRest;
  }
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

const blank = (v: unknown) => typeof v === "string" && v.trim() === "";

/** A plain mapping as js-yaml builds one (no array, Date or class instance). */
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null &&
  typeof v === "object" &&
  (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

/** A `Text` field: blank or absent → null/undefined as given, a string trimmed; else fail. */
function quickText(v: unknown): string | null | undefined | false {
  if (v === undefined || v === null) return v;
  if (typeof v !== "string") return false;
  const t = v.trim();
  return t === "" ? null : t;
}

/** A `YamlDate` field: as `YamlDate` reads it, or false where it would report an issue. */
function quickDate(v: unknown): string | null | undefined | false {
  if (v === undefined || v === null) return v;
  if (blank(v)) return null;
  if (!(v instanceof Date) && typeof v !== "string") return false;
  if (v instanceof Date && Number.isNaN(v.getTime())) return false;
  return isoDate(typeof v === "string" ? v.trim() : v) ?? false;
}


/**
 * `LandscapeItemYaml.parse(raw)` for an item every field of which is valid, without zod: the
 * ingest reads 18,338 items and zod's per-item cost was most of the landscape's CPU above
 * js-yaml's parse. Returns null for anything unusual (a bad or odd field, a `__proto__` key),
 * and the caller then lets zod decide and word the issues, so the errors are zod's as before.
 * The unmapped keys keep their input order, as zod's loose object keeps them (`extra`'s JSON).
 */
export function quickItem(raw: Record<string, unknown>): LandscapeItemYaml | null {
  const name = raw.name;
  if (typeof name !== "string") return null;
  const trimmed = name.trim();
  if (trimmed === "") return null;
  const homepage_url = quickText(raw.homepage_url);
  const repo_url = quickText(raw.repo_url);
  const description = quickText(raw.description);
  if (homepage_url === false || repo_url === false || description === false) return null;
  let project: LandscapeItemYaml["project"] = raw.project as undefined | null;
  if (blank(project)) project = null;
  else if (project !== undefined && project !== null) {
    if (typeof project !== "string" || !(maturities as readonly string[]).includes(project))
      return null;
  }
  const crunchbase = quickText(raw.crunchbase);
  if (crunchbase === false) return null;
  if (typeof crunchbase === "string" && !crunchbaseOrganization.test(crunchbase)) return null;
  let extra: LandscapeItemYaml["extra"];
  const rawExtra = raw.extra;
  if (rawExtra === undefined || rawExtra === null) extra = rawExtra;
  else if (blank(rawExtra)) extra = null;
  else {
    if (!isPlainObject(rawExtra) || Object.hasOwn(rawExtra, "__proto__")) return null;
    const out: Record<string, unknown> = {};
    for (const key of DATES) {
      if (!(key in rawExtra)) continue;
      const d = quickDate(rawExtra[key]);
      if (d === false) return null;
      out[key] = d;
    }
    for (const key of Object.keys(rawExtra)) {
      if (!(DATES as readonly string[]).includes(key)) out[key] = rawExtra[key];
    }
    extra = out as LandscapeItemYaml["extra"];
  }
  if (Object.hasOwn(raw, "__proto__")) return null;
  const item: Record<string, unknown> = {
    name: trimmed,
    homepage_url,
    repo_url,
    project,
    crunchbase,
    description,
    extra,
  };
  for (const key of Object.keys(raw)) {
    if (!MAPPED.has(key) && key !== "extra") item[key] = raw[key];
  }
  return item as LandscapeItemYaml;
}
