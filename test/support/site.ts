import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { chromium, type Browser } from "playwright-core";
import { projectRoot } from "../../src/paths.ts";
import { bundleBrowserModules } from "../../src/site/bundle-browser.ts";
import { siteDataDir, writeSiteData } from "../../src/site/write-site-data.ts";
import { realDatabase } from "./databases.ts";
import { SITE_BUILT } from "./site-marker.ts";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Builds the site into dist/ from the real test database, once per test run: every browser test
 * file reads the same dist/, so building it again would only cost time.
 */
export async function buildSiteOnce(): Promise<void> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} not found: install Debian's chromium (apt-get install chromium), as .ci/run does.`,
    );
  if (existsSync(SITE_BUILT)) return;
  await writeSiteData(siteDataDir, realDatabase);
  await bundleBrowserModules();
  await promisify(execFile)(
    process.execPath,
    [join(projectRoot, "node_modules/@observablehq/framework/dist/bin/observable.js"), "build"],
    {
      cwd: projectRoot,
      env: { ...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true" },
      maxBuffer: 1 << 24,
    },
  );
  await writeFile(SITE_BUILT, realDatabase);
}

/** Debian's chromium, quiet on a closed network (no background requests, no updates). */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
    ],
  });
