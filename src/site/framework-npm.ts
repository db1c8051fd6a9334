// Framework's own client bundle names npm packages (`import("npm:react-dom")` in its JSX support,
// the recommended libraries and sample datasets behind implicit imports), and `observable build`
// asks the npm registry for each one's `latest` version unless its cache already holds a version.
// On a fresh clone with no network that stopped the build ("fetch failed … registry.npmjs.org").
// The site imports everything it uses explicitly from node_modules (OFFLINE.md), so these names are
// only strings in Framework's bundle that no page loads: pinning them here makes the build offline.
import { mkdir } from "node:fs/promises";
import { join } from "node:path";

/**
 * Every npm specifier `observable build` (Framework 1.13.4) resolves for its client and stdlib
 * bundles, found by building with no network until nothing was asked; each pinned to a published
 * version (the installed one for packages in node_modules). A new Framework may name others: the
 * offline build test (test/site/offline-build.test.ts) then fails naming the package.
 */
export const FRAMEWORK_NPM_VERSIONS: Record<string, string> = {
  "@observablehq/plot": "0.6.17",
  "@observablehq/sample-datasets": "1.0.1",
  "apache-arrow": "17.0.0",
  arquero: "8.0.3",
  d3: "7.9.2",
  "d3-dsv": "3.0.2",
  echarts: "5.6.0",
  htl: "0.3.1",
  leaflet: "1.9.4",
  lodash: "4.17.21",
  "mapbox-gl": "3.9.0",
  "parquet-wasm": "0.6.1",
  react: "19.3.1",
  "react-dom": "19.3.1",
  "topojson-client": "3.1.0",
};

/**
 * Writes the pins where Framework looks for known versions (`<docs>/.observablehq/cache/_npm/
 * <name>@<version>/`, an empty folder each), so `observable build` and `preview` ask no registry.
 */
export async function pinFrameworkNpmVersions(docsDir: string): Promise<void> {
  const cache = join(docsDir, ".observablehq", "cache", "_npm");
  for (const [name, version] of Object.entries(FRAMEWORK_NPM_VERSIONS))
    await mkdir(join(cache, `${name}@${version}`), { recursive: true });
}
