// One item of processed_landscape.yml → one `momentum` row: only the fields named here are ever
// read. The file also carries Crunchbase (`crunchbase_data`) and Yahoo Finance
// (`yahoo_finance_data`) blocks, which Crunchbase's terms reserve to Linux Foundation landscape
// projects: nothing below reads them, and the parser deletes them from each item as it reaches it.

/** The `project:` (2018-12-31 on) or `cncf_project:` (2018-06-30) values of the five files. */
export const MOMENTUM_MATURITIES = ["sandbox", "incubating", "graduated", "archived"] as const;

/** The blocks kube-census must never store, show or export (licence, see the README). */
export const EXCLUDED_BLOCKS = ["crunchbase_data", "yahoo_finance_data"] as const;

/** One item with GitHub facts in one snapshot, as stored in `momentum` (src/db/schema.ts). */
export interface MomentumRow {
  snapshot: string;
  itemKey: string;
  name: string;
  category: string;
  subcategory: string;
  maturity: string | null;
  repoUrl: string;
  stars: number | null;
  contributors: number | null;
  /** Sum of the 52 weekly commit counts (`github_data.contributions`); null before 2019-12-31. */
  commits52w: number | null;
  /** The week the weekly series starts (`firstWeek`). */
  firstWeek: string | null;
  firstCommit: string | null;
  /** The sha of `github_start_commit_data.start_commit_link`: tells a move from a replacement. */
  firstCommitSha: string | null;
  latestCommit: string | null;
  license: string | null;
  /** The language with the most bytes in `github_data.languages`; null before 2019-12-31. */
  language: string | null;
  path: string;
}

/**
 * A repository URL reduced to what names the repository: scheme, `www.`, case, a trailing `/`
 * or `.git` do not (GitHub's own names are case-insensitive).
 */
export function repoIdentity(url: string): string {
  return url
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\/(www\.)?/, "")
    .replace(/\/+$/, "")
    .replace(/\.git$/, "");
}

/** A problem with one field of one item; the parser turns it into an ingest issue row. */
export interface FieldProblem {
  column: string;
  value: unknown;
  reason: string;
}

type Fields = Record<string, unknown>;

const isMapping = (v: unknown): v is Fields =>
  v !== null && typeof v === "object" && !Array.isArray(v);

/** YYYY-MM-DD of an ISO date or timestamp string (`2020-06-24T16:08:33Z`, `2019-08-04Z`). */
export function isoDay(value: unknown): string | null {
  if (value instanceof Date)
    return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10);
  if (typeof value !== "string") return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:$|[TZ ])/.exec(value.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

const count = (v: unknown) =>
  Number.isSafeInteger(v) && (v as number) >= 0 ? (v as number) : null;

/** Which optional GitHub fields a file carries at all (the 2018 files have no weekly series). */
export interface FileFields {
  contributions: boolean;
  languages: boolean;
}

/**
 * Reads the GitHub facts of one item that has `github_data`. A field that is missing (where the
 * file's format has it) or malformed is reported and left null: the item keeps its other facts.
 */
export function readGithubFacts(
  item: Fields,
  format: FileFields,
  problems: FieldProblem[],
): Omit<
  MomentumRow,
  "snapshot" | "itemKey" | "name" | "category" | "subcategory" | "maturity" | "repoUrl" | "path"
> {
  const gh = item.github_data as Fields;
  const bad = (column: string, value: unknown, reason: string) =>
    void problems.push({ column, value, reason: `${reason}; left empty` });
  const need = <T>(
    column: string,
    value: unknown,
    read: (v: unknown) => T | null,
    what: string,
  ): T | null => {
    if (value === undefined || value === null) {
      bad(column, value, `missing ${what}`);
      return null;
    }
    const v = read(value);
    if (v === null) bad(column, value, `not ${what}`);
    return v;
  };

  const stars = need("github_data.stars", gh.stars, count, "a star count (a whole number ≥ 0)");
  const contributors = need(
    "github_data.contributors_count",
    gh.contributors_count,
    count,
    "a contributor count (a whole number ≥ 0)",
  );
  const latestCommit = need(
    "github_data.latest_commit_date",
    gh.latest_commit_date,
    isoDay,
    "a date (YYYY-MM-DD…)",
  );
  const license = need(
    "github_data.license",
    gh.license,
    (v) => (typeof v === "string" && v.trim() !== "" ? v.trim() : null),
    "a licence name",
  );

  let commits52w: number | null = null;
  let firstWeek: string | null = null;
  if (format.contributions) {
    commits52w = need(
      "github_data.contributions",
      gh.contributions,
      weeklyTotal,
      "52 weekly commit counts separated by ';'",
    );
    firstWeek = need("github_data.firstWeek", gh.firstWeek, isoDay, "a date (YYYY-MM-DD)");
  }
  let language: string | null = null;
  const noCode =
    gh.languages === null || (Array.isArray(gh.languages) && gh.languages.length === 0);
  if (format.languages && !noCode) {
    // `languages:` empty (null or []: 5 items a file) is a repository GitHub found no code in.
    language = need(
      "github_data.languages",
      gh.languages,
      primaryLanguage,
      "a list of {name, value} languages",
    );
  }

  const start = item.github_start_commit_data;
  let firstCommit: string | null = null;
  let firstCommitSha: string | null = null;
  if (!isMapping(start)) {
    bad(
      "github_start_commit_data",
      start === undefined ? undefined : "(not a mapping)",
      "missing first commit",
    );
  } else {
    firstCommit = need(
      "github_start_commit_data.start_date",
      start.start_date,
      isoDay,
      "a date (YYYY-MM-DD…)",
    );
    firstCommitSha = need(
      "github_start_commit_data.start_commit_link",
      start.start_commit_link,
      (v) =>
        typeof v === "string" ? (/\/commit\/([0-9a-f]{7,40})$/.exec(v.trim())?.[1] ?? null) : null,
      "a commit link (/owner/repo/commit/<sha>)",
    );
  }
  return {
    stars,
    contributors,
    commits52w,
    firstWeek,
    firstCommit,
    firstCommitSha,
    latestCommit,
    license,
    language,
  };
}

/** The sum of `contributions`: exactly 52 whole numbers ≥ 0 separated by `;` (a year of weeks). */
function weeklyTotal(value: unknown): number | null {
  if (typeof value !== "string") return null;
  const parts = value.replace(/\s+/g, "").split(";");
  if (parts.length !== 52 || parts.some((p) => !/^\d+$/.test(p))) return null;
  return parts.reduce((sum, p) => sum + Number(p), 0);
}

/** The language with the most bytes; ties by name, so the choice never depends on list order. */
function primaryLanguage(value: unknown): string | null {
  if (!Array.isArray(value) || value.length === 0) return null;
  let best: { name: string; bytes: number } | null = null;
  for (const l of value) {
    if (!isMapping(l) || typeof l.name !== "string" || l.name.trim() === "") return null;
    const bytes = count(l.value);
    if (bytes === null) return null;
    if (!best || bytes > best.bytes || (bytes === best.bytes && l.name < best.name))
      best = { name: l.name.trim(), bytes };
  }
  return best!.name;
}
