import { execFile, spawnSync } from "node:child_process";
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../src/paths.ts";
import { noRealData, realDatabase } from "../support/databases.ts";
import { SITE_BUILT } from "../support/site-marker.ts";

/** Why the build cannot be cut off from the network here, or false when it can (`unshare -n`). */
function noNetworkNamespace(): string | false {
  const probe = spawnSync("unshare", ["-n", "true"], { stdio: "ignore" });
  if (probe.error) return "unshare is not installed: cannot run a build without network";
  if (probe.status !== 0)
    return "unshare -n is not permitted here (needs root or user namespaces): cannot run a build without network";
  return false;
}

const skip = noRealData || noNetworkNamespace();

// A fresh clone's first `site:build` asked the npm registry for the versions of the packages
// Framework's own client names (react-dom, the sample datasets, …) and failed with no network.
describe.skipIf(skip)("the site builds with no network at all", () => {
  it("npm run site:build in a network namespace with no interface up, from an empty Framework cache", async () => {
    // As on a fresh clone: no versions Framework resolved online earlier.
    await rm(join(projectRoot, "docs", ".observablehq", "cache"), { recursive: true, force: true });
    const { stderr } = await promisify(execFile)(
      "unshare",
      ["-n", "npm", "run", "--silent", "site:build"],
      {
        cwd: projectRoot,
        env: {
          ...process.env,
          KUBE_CENSUS_DB: realDatabase,
          OBSERVABLE_TELEMETRY_DISABLE: "true",
          npm_config_update_notifier: "false",
        },
        maxBuffer: 1 << 26,
      },
    ).catch((e: { stdout?: string; stderr?: string }) => {
      // Framework prints the package it tried to resolve on stdout and the fetch error on stderr.
      throw new Error(`offline site build failed:\n${e.stdout?.slice(-2000)}\n${e.stderr}`);
    });
    expect(stderr).toMatch(/site: dist\/ in/);
    // dist/ now holds this run's site, built as the browser tests build it.
    await writeFile(SITE_BUILT, realDatabase);
  });
});
