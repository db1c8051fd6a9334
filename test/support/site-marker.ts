import { join } from "node:path";
import { projectRoot } from "../../src/paths.ts";

/** Marks dist/ as built from this run's test database; the global setup removes it at each run's start. */
export const SITE_BUILT = join(projectRoot, "test-artifacts", "site-built");
