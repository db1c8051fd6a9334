// `node --import tsx test/support/ingest-sources-cli.ts <database> <raw dir> <sources.json> <codebook dir>`:
// the real ingest of a test's own (unpinned) sources in a process of its own, so a test can
// interrupt it mid-export. Errors are printed as the CLI prints them.
import { readFile } from "node:fs/promises";
import { CensusError } from "../../src/errors.ts";
import { ingest } from "../../src/ingest/ingest.ts";

const [databasePath, rawDir, sourcesFile, codebookDir] = process.argv.slice(2);
try {
  await ingest({
    sources: JSON.parse(await readFile(sourcesFile!, "utf8")),
    rawDir: rawDir!,
    databasePath: databasePath!,
    codebookDir,
    // The fixture codebook maps only the questions under test: no coverage floor (data/surveys/coverage.yml).
    minCoverage: 0,
  });
} catch (e) {
  process.stderr.write(
    e instanceof CensusError
      ? `kube-census: ${e.message}\n`
      : `kube-census: unexpected error: ${(e as Error).stack}\n`,
  );
  process.exitCode = 1;
}
