// Runs before `observable build`: the site's data files and browser bundles, from the database.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { projectRoot } from "../paths.ts";
import { bundleBrowserModules } from "./bundle-browser.ts";
import { writeSiteData } from "./write-site-data.ts";

const started = performance.now();
const files = await writeSiteData();
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
process.stderr.write(
  `site data: ${files.length} files in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
);
