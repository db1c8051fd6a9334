// `npm run site:build`: the whole site into dist/, as the browser tests build it.
import { buildSite } from "./build.ts";

const started = performance.now();
await buildSite();
process.stderr.write(`site: dist/ in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
