/**
 * A non-empty input value that a loader could not place. Nothing is dropped silently: every such
 * value becomes one of these and lands in the `ingest_issues` table.
 */
export interface IngestIssue {
  /** Source id from data/sources.json (or a fixture name). */
  source: string;
  /** File name the value came from. */
  file: string;
  /** 1-based line/row in the file, or a path such as `landscape[3].subcategories[1].items[7]`. */
  row: string;
  /** Column header or field name. */
  column: string;
  value: string;
  reason: string;
}
