import { CORE_SCHEMA, load } from "js-yaml";
import { CensusError } from "../../errors.ts";
import type { IngestIssue } from "../ingest-issue.ts";
import { itemKey as landscapeItemKey } from "../landscape/item-key.ts";
import {
  EXCLUDED_BLOCKS,
  MOMENTUM_MATURITIES,
  readGithubFacts,
  repoIdentity,
  type FieldProblem,
  type FileFields,
  type MomentumRow,
} from "./momentum-item.ts";

/** Which file is being read, for issue rows and error messages. */
export interface MomentumContext {
  source: string;
  file: string;
  /** YYYY-MM-DD of the processed snapshot. */
  snapshot: string;
}

type Fields = Record<string, unknown>;
const isMapping = (v: unknown): v is Fields =>
  v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * A value for an issue row: scalars as JSON, cut to 200 characters; a mapping or a list only by
 * its kind, so no block of the item (a Crunchbase one least of all) can reach `ingest_issues`.
 */
function issueValue(value: unknown): string {
  if (value === undefined) return "";
  if (Array.isArray(value)) return `(a list of ${value.length})`;
  if (isMapping(value)) return "(a mapping)";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

/** Deletes the licence-restricted blocks from an item, before anything else looks at it. */
function dropExcluded(item: Fields): void {
  for (const block of EXCLUDED_BLOCKS) delete item[block];
}

function* itemsOf(landscape: unknown[]) {
  for (const [c, category] of landscape.entries()) {
    if (!isMapping(category)) continue;
    const subcategories = Array.isArray(category.subcategories) ? category.subcategories : [];
    for (const [s, subcategory] of subcategories.entries()) {
      if (!isMapping(subcategory)) continue;
      const items = Array.isArray(subcategory.items) ? subcategory.items : [];
      for (const [i, item] of items.entries())
        yield {
          item,
          category: typeof category.name === "string" ? category.name.trim() : "",
          subcategory: typeof subcategory.name === "string" ? subcategory.name.trim() : "",
          path: `landscape[${c}].subcategories[${s}].items[${i}]`,
        };
    }
  }
}

/**
 * Parses one processed_landscape.yml into `momentum` rows: one per item that has a repository
 * and GitHub facts (an item listed in two places counts once, at its first place). Pure: the
 * caller reads the file.
 *
 * Each item's Crunchbase and Yahoo Finance blocks are deleted as it is reached, and only named
 * fields are read after that. An item without a repository is a commercial product: no row, no
 * issue. A bad or missing field is an issue row and an empty value; an item that cannot be named
 * or has a repository without GitHub facts is an issue row and no momentum row. Only a file that
 * is not YAML or has no `landscape` list throws a CensusError.
 */
export function parseMomentum(
  text: string,
  ctx: MomentumContext,
): { rows: MomentumRow[]; issues: IngestIssue[]; entries: number } {
  let value: unknown;
  try {
    // CORE_SCHEMA (YAML 1.2): timestamps stay strings, read by isoDay, never a local-time Date.
    value = load(text, { schema: CORE_SCHEMA, filename: ctx.file });
  } catch (e) {
    throw new CensusError(
      `${ctx.file}: not valid YAML (${(e as Error).message.split("\n")[0]}). ` +
        `Fetch the snapshot again; its sha256 is listed in data/sources.json.`,
    );
  }
  if (!isMapping(value) || !Array.isArray(value.landscape))
    throw new CensusError(
      `${ctx.file}: no top-level "landscape" list, so this is not a processed_landscape.yml. ` +
        `Check the file named for ${ctx.source} in data/sources.json and fetch it again.`,
    );

  const issues: IngestIssue[] = [];
  const report = (row: string, column: string, v: unknown, reason: string) =>
    void issues.push({ ...ctx, row, column, value: issueValue(v), reason });

  const all = [...itemsOf(value.landscape)];
  for (const { item } of all) if (isMapping(item)) dropExcluded(item);
  // The weekly series and the languages arrive with 2019-12-31: a file without them anywhere is
  // of the older format (null, no issue); a file with them reports each item that lacks them.
  const format: FileFields = { contributions: false, languages: false };
  for (const { item } of all) {
    const gh = isMapping(item) ? item.github_data : undefined;
    if (isMapping(gh)) {
      format.contributions ||= gh.contributions !== undefined;
      format.languages ||= gh.languages !== undefined;
    }
  }

  const rows: MomentumRow[] = [];
  const seen = new Map<string, MomentumRow>();
  for (const { item, category, subcategory, path } of all) {
    if (!isMapping(item)) {
      report(path, "", item, "item is not a mapping; item skipped");
      continue;
    }
    const name = typeof item.name === "string" ? item.name.trim() : "";
    if (!name) {
      report(path, "name", item.name, "item has no name; item skipped");
      continue;
    }
    const repo = item.repo_url;
    const hasGithub = item.github_data !== undefined && item.github_data !== null;
    if ((repo === undefined || repo === null || repo === "") && !hasGithub) continue;
    if (typeof repo !== "string" || repo.trim() === "") {
      report(path, "repo_url", repo, "GitHub facts without a repository URL; no momentum row");
      continue;
    }
    if (!isMapping(item.github_data)) {
      report(
        path,
        "github_data",
        item.github_data,
        "a repository without GitHub facts at this date; no momentum row",
      );
      continue;
    }
    const itemKey = landscapeItemKey(name);
    const first = seen.get(itemKey);
    if (first) {
      // One project listed in two places has one repository; two repositories are two projects
      // sharing a name, and the series could not tell them apart.
      if (repoIdentity(first.repoUrl) !== repoIdentity(repo))
        report(
          path,
          "repo_url",
          repo.trim(),
          `"${name}" is listed again with another repository than at ${first.path} (${first.repoUrl}); this entry skipped`,
        );
      continue;
    }
    const problems: FieldProblem[] = [];
    const facts = readGithubFacts(item, format, problems);
    const project = item.project ?? item.cncf_project;
    let maturity: string | null = null;
    if (project !== undefined && project !== null && project !== "") {
      if ((MOMENTUM_MATURITIES as readonly unknown[]).includes(project))
        maturity = project as string;
      else
        problems.push({
          column: item.project !== undefined ? "project" : "cncf_project",
          value: project,
          reason: `not a CNCF maturity (expected ${MOMENTUM_MATURITIES.join("/")}); left empty`,
        });
    }
    for (const p of problems) report(path, p.column, p.value, p.reason);
    const row: MomentumRow = {
      snapshot: ctx.snapshot,
      itemKey,
      name,
      category,
      subcategory,
      maturity,
      repoUrl: repo.trim(),
      ...facts,
      path,
    };
    seen.set(row.itemKey, row);
    rows.push(row);
  }
  return { rows, issues, entries: all.length };
}
