import { ingest } from "../../ingest/ingest.ts";
import { loadSources } from "../../sources/sources.ts";
import { databasePath, rawDir } from "../../paths.ts";
import { toTable } from "../../render/output.ts";

export async function run(): Promise<void> {
  const summary = await ingest({
    sources: await loadSources(),
    rawDir,
    databasePath,
    log: (l) => process.stderr.write(`${l}\n`),
  });
  const out = process.stderr;
  out.write(`\nIssues per source (see the ingest_issues table):\n`);
  out.write(
    toTable(
      summary.sources.map((s) => ({
        source: s.id,
        status: s.status,
        rows: s.rows,
        issues: s.issues,
        note: s.note ?? "",
      })),
    ),
  );
  out.write(`\nRows per table:\n`);
  out.write(toTable(Object.entries(summary.tables).map(([table, rows]) => ({ table, rows }))));
  out.write(
    `\n${databasePath}: ${(summary.bytes / 1e6).toFixed(1)} MB, ${summary.issues} issues, built in ${summary.seconds.toFixed(1)} s\n`,
  );
}
