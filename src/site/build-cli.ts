// `npm run site:build`: the whole site into dist/, as the browser tests build it.
import { CensusError } from "../errors.ts";
import { buildSite } from "./build.ts";

const started = performance.now();
try {
  await buildSite();
  process.stderr.write(`site: dist/ in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
} catch (e) {
  // A missing or foreign database is a sentence, as in every kube-census command.
  if (!(e instanceof CensusError)) throw e;
  process.stderr.write(`site:build: ${e.message}\n`);
  process.exitCode = 1;
}
