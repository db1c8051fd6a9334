// Runs before `observable build`: the site's data files and browser bundles, from the database.
import { bundleBrowserModules } from "./bundle-browser.ts";
import { writeSiteData } from "./write-site-data.ts";

const started = performance.now();
const files = await writeSiteData();
await bundleBrowserModules();
process.stderr.write(
  `site data: ${files.length} files in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
);
