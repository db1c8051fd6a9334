import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { projectRoot } from "../../src/paths.ts";

/** Runs `kube-census …` as a user would, on the given database; rejects with code and stderr. */
export const runCli = (args: string[], database: string, env: Record<string, string> = {}) =>
  promisify(execFile)(process.execPath, [join(projectRoot, "bin/kube-census.js"), ...args], {
    env: { ...process.env, KUBE_CENSUS_DB: database, ...env },
    maxBuffer: 1 << 26,
  });
