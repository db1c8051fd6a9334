// The site build, one function for `npm run site:build` and the browser tests: the data files and
// browser bundles from the database, `observable build` into dist/, then the figure cards drawn
// into the pages' HTML and each page's link preview made from its first card.
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { databasePath, projectRoot } from "../paths.ts";
import { figures } from "../survey/registry.ts";
import { bundleBrowserModules } from "./bundle-browser.ts";
import { assertEveryFigurePlaced, checkFigureDocs, projectDocs } from "./figure-docs.ts";
import { figurePages } from "./figure-pages.ts";
import { pinFrameworkNpmVersions } from "./framework-npm.ts";
import { prerenderSite } from "./prerender.ts";
import { writePreviews } from "./previews.ts";
import { siteDataDir, writeSiteData } from "./write-site-data.ts";

export const distDir = join(projectRoot, "dist");

/** Everything Framework reads that is not committed: data files and bundles. Returns the data files. */
export async function prepareSite(database = databasePath): Promise<string[]> {
  // The pages' cards, the overview's files and the README table are generated from the figure
  // registry: a build from pages that drifted from it (or a figure on no page) stops here.
  const drift = await checkFigureDocs(figures, projectDocs);
  if (drift.length) throw new Error(drift.join("\n"));
  assertEveryFigurePlaced(figures, await figurePages());
  const files = await writeSiteData(siteDataDir, database);
  // Framework copies only files a page names literally: every snapshot must be named in the explorer.
  const explorer = await readFile(join(projectRoot, "docs", "landscape.md"), "utf8");
  const missing = files.filter(
    (f) => f.startsWith("landscape/items-") && !explorer.includes(`data/generated/${f}`),
  );
  if (missing.length)
    throw new Error(
      `docs/landscape.md does not name ${missing.join(", ")}: add a FileAttachment line for each new snapshot.`,
    );
  await bundleBrowserModules();
  await pinFrameworkNpmVersions(join(projectRoot, "docs"));
  return files;
}

/** Builds the whole site into dist/ from a database. */
export async function buildSite(database = databasePath): Promise<void> {
  await prepareSite(database);
  await promisify(execFile)(
    process.execPath,
    [join(projectRoot, "node_modules/@observablehq/framework/dist/bin/observable.js"), "build"],
    {
      cwd: projectRoot,
      env: { ...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true" },
      maxBuffer: 1 << 24,
    },
  );
  await prerenderSite(distDir, siteDataDir);
  // From the prerendered cards: every page's link-preview image and tags.
  await writePreviews(distDir);
}
