import { fetchAll, mirrorsFromEnv } from "../../sources/fetch.ts";
import { loadSources } from "../../sources/sources.ts";
import { rawDir } from "../../paths.ts";

export async function run(): Promise<void> {
  const started = performance.now();
  const sources = await loadSources();
  const results = await fetchAll(sources, {
    rawDir,
    mirrors: mirrorsFromEnv(),
    log: (l) => process.stderr.write(`${l}\n`),
  });
  const bytes = results.reduce((n, r) => n + r.bytes, 0);
  process.stderr.write(
    `fetched ${results.length} sources (${(bytes / 1e6).toFixed(1)} MB) into ${rawDir} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  );
}
