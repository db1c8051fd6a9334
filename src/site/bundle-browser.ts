import { build } from "esbuild";
import { join } from "node:path";
import { projectRoot } from "../paths.ts";

/**
 * Bundles the figure-to-Vega-Lite code for the browser, so the site's downloads come from the
 * same function as `kube-census figure --format vega-lite` (Framework would not bundle a file
 * outside docs/, and its npm resolver ignores `browser` fields).
 */
export async function bundleBrowserModules(): Promise<void> {
  await build({
    entryPoints: [join(projectRoot, "src/analysis/vega-lite.ts")],
    outfile: join(projectRoot, "docs/components/generated/vega-lite.js"),
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    logLevel: "warning",
  });
}
