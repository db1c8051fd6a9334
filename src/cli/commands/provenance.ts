import { basename } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { siteProvenance } from "../../export/provenance-data.ts";
import { checkOutputFile, writeOutputFile } from "../../output-file.ts";
import { provenanceJson, type ViewProvenance } from "../../render/provenance.ts";
import { surveySources } from "../../render/view-provenance.ts";
import { terminalText } from "../../render/output.ts";

/** `x.provenance.json` describes `x.<ext>`; any other sidecar name, the command's standard output. */
const describedFile = (path: string, extension: string) =>
  path.endsWith(".provenance.json")
    ? `${basename(path).slice(0, -".provenance.json".length)}.${extension}`
    : "(standard output)";

/** Refuses a directory or a missing folder as `--provenance` before anything is computed. */
export const checkProvenanceFile = (path: string, example: string) =>
  checkOutputFile(path, "--provenance", example);

/**
 * Writes `--provenance <file>`: the same sidecar the site's downloads carry (src/render/
 * provenance.ts) — question wording, universe and base, filters, sample, years, the source files
 * with their sha256 and commit, the tool version and the database's content hash — for the rows
 * this command printed.
 */
export async function writeProvenance(
  conn: DuckDBConnection,
  path: string,
  extension: string,
  example: string,
  { surveyYears, ...view }: Omit<ViewProvenance, "file" | "sources"> & { surveyYears: number[] },
): Promise<void> {
  const site = await siteProvenance(conn);
  const text = provenanceJson(site, {
    ...view,
    file: describedFile(path, extension),
    sources: surveySources(site.sources, surveyYears),
  });
  await writeOutputFile(path, text, "--provenance", example);
  process.stderr.write(`wrote ${terminalText(path)}\n`);
}
