// `npm run site:prepare`: the site's data files and browser bundles from the database, for
// `observable preview` (`npm run site:build` does this too).
import { prepareSite } from "./build.ts";

const started = performance.now();
const files = await prepareSite();
process.stderr.write(
  `site data: ${files.length} files in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
);
