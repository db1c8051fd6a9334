import { z } from "zod";
import { CensusError } from "../../errors.ts";
import type { IngestIssue } from "../ingest-issue.ts";
import { parseYaml } from "../read-yaml.ts";
import {
  LandscapeItemYaml,
  toLandscapeItem,
  type ItemPlace,
  type LandscapeItem,
} from "./landscape-item.ts";

/** Which file is being read, for issue rows and error messages. */
export interface LandscapeContext {
  source: string;
  file: string;
  /** YYYY-MM-DD of the snapshot. */
  snapshot: string;
}

const LandscapeFile = z.object({ landscape: z.array(z.unknown()) });
// `items:` is sometimes empty (YAML null) for a subcategory that has no entries yet (2026-08-07).
const Category = z.looseObject({
  name: z.string().trim().min(1),
  subcategories: z.array(z.unknown()).nullish(),
});
const Subcategory = z.looseObject({
  name: z.string().trim().min(1),
  items: z.array(z.unknown()).nullish(),
});

/** A value short enough to read in an issue listing. */
function shortJson(value: unknown, max = 200): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let v = value;
  for (const key of path) v = (v as Record<PropertyKey, unknown> | null | undefined)?.[key];
  return v;
}

/** A copy of `item` without the fields at `paths` (each one or two keys deep). */
function withoutFields(item: Record<string, unknown>, paths: readonly PropertyKey[][]) {
  const copy: Record<string, unknown> = { ...item };
  for (const [first, second] of paths) {
    const key = String(first);
    const nested = copy[key];
    if (second !== undefined && nested !== null && typeof nested === "object") {
      const inner = { ...(nested as Record<string, unknown>) };
      delete inner[String(second)];
      copy[key] = inner;
    } else {
      delete copy[key];
    }
  }
  return copy;
}

type Report = (row: string, column: string, value: unknown, reason: string) => void;

/** Reports every zod issue of `raw` with the offending field's own value. */
function reportZod(report: Report, row: string, raw: unknown, error: z.ZodError, outcome: string) {
  for (const i of error.issues) {
    const value = i.path.length > 0 ? valueAt(raw, i.path) : raw;
    report(row, i.path.join("."), value, `${i.message}; ${outcome}`);
  }
}

/**
 * One item, or null when it cannot be named. A bad field other than `name` is reported and read
 * as empty, so one typo does not drop a project from the census.
 */
function readItem(raw: unknown, place: ItemPlace, report: Report): LandscapeItem | null {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    report(place.path, "", raw, "item is not a mapping; item skipped");
    return null;
  }
  const parsed = LandscapeItemYaml.safeParse(raw);
  if (parsed.success) return toLandscapeItem(parsed.data, place);
  const fatal = parsed.error.issues.some((e) => e.path.length === 0 || e.path[0] === "name");
  reportZod(report, place.path, raw, parsed.error, fatal ? "item skipped" : "field left empty");
  if (fatal) return null;
  const bad = parsed.error.issues.map((e) => e.path.slice(0, 2));
  const retry = LandscapeItemYaml.safeParse(withoutFields(raw as Record<string, unknown>, bad));
  if (retry.success) return toLandscapeItem(retry.data, place);
  reportZod(report, place.path, raw, retry.error, "item skipped");
  return null;
}

/**
 * Parses one landscape.yml snapshot into items. Pure: the caller reads the file.
 *
 * An item that cannot be named (no name, not a mapping) is left out and reported; an item with a
 * bad field keeps its other fields, the bad one becomes null and is reported. A file that is not
 * YAML, or has no `landscape` list, throws a CensusError.
 */
export function parseLandscape(
  text: string,
  ctx: LandscapeContext,
): { items: LandscapeItem[]; issues: IngestIssue[]; entries: number } {
  const value = parseYaml(
    text,
    ctx.file,
    "Fetch the snapshot again; its sha256 is listed in data/sources.json.",
  );
  const file = LandscapeFile.safeParse(value);
  if (!file.success) {
    throw new CensusError(
      `${ctx.file}: no top-level "landscape" list, so this is not a CNCF landscape.yml. ` +
        `Check the file named for snapshot ${ctx.snapshot} in data/sources.json and fetch it again.`,
    );
  }

  const items: LandscapeItem[] = [];
  const issues: IngestIssue[] = [];
  // Item entries read, and categories or subcategories skipped whole (each one entry lost).
  let entries = 0;
  const report: Report = (row, column, value, reason) =>
    void issues.push({ ...ctx, row, column, value: shortJson(value), reason });

  file.data.landscape.forEach((rawCategory, c) => {
    const categoryPath = `landscape[${c}]`;
    const category = Category.safeParse(rawCategory);
    if (!category.success) {
      entries++;
      return reportZod(report, categoryPath, rawCategory, category.error, "category skipped");
    }
    (category.data.subcategories ?? []).forEach((rawSubcategory, s) => {
      const subcategoryPath = `${categoryPath}.subcategories[${s}]`;
      const subcategory = Subcategory.safeParse(rawSubcategory);
      if (!subcategory.success) {
        entries++;
        const error = subcategory.error;
        return reportZod(report, subcategoryPath, rawSubcategory, error, "subcategory skipped");
      }
      (subcategory.data.items ?? []).forEach((rawItem, i) => {
        const place = {
          snapshot: ctx.snapshot,
          category: category.data.name,
          subcategory: subcategory.data.name,
          path: `${subcategoryPath}.items[${i}]`,
        };
        entries++;
        const item = readItem(rawItem, place, report);
        if (item) items.push(item);
      });
    });
  });
  return { items, issues, entries };
}
