// `node --import tsx test/support/ingest-fixture-cli.ts <database> [<book data dir>]`: the real
// ingest of the fixture database in a process of its own, so tests can interrupt it or run it on a
// full or read-only disk without the data mirror. Errors are printed as the CLI prints them.
import { CensusError } from "../../src/errors.ts";
import { buildFixtureDatabase } from "./fixture-database.ts";

const [database, bookDir] = process.argv.slice(2);
try {
  await buildFixtureDatabase(database!, bookDir);
} catch (e) {
  process.stderr.write(
    e instanceof CensusError
      ? `kube-census: ${e.message}\n`
      : `kube-census: unexpected error: ${(e as Error).stack}\n`,
  );
  process.exitCode = 1;
}
