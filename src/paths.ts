import { fileURLToPath } from "node:url";
import { join } from "node:path";

/** The project root, so commands work from any working directory. */
export const projectRoot = fileURLToPath(new URL("..", import.meta.url));
/**
 * The committed data (manifest, survey files, codebook, book facts). KUBE_CENSUS_DATA points at
 * another copy: a test defines a survey year in a temporary data folder without touching this one.
 */
export const dataDir = process.env.KUBE_CENSUS_DATA ?? join(projectRoot, "data");
/** Downloaded raw sources; git-ignored, filled by `kube-census fetch`. */
export const rawDir = process.env.KUBE_CENSUS_RAW ?? join(dataDir, "raw");
/** The database that `ingest` builds and every reader opens read-only. */
export const databasePath = process.env.KUBE_CENSUS_DB ?? join(dataDir, "census.duckdb");
