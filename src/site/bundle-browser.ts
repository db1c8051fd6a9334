import { build } from "esbuild";
import { join } from "node:path";
import { projectRoot } from "../paths.ts";

/**
 * Bundles src/site/browser.ts for the browser, so the site's downloads come from the same
 * functions as `kube-census figure --format vega-lite|csv` (Framework would not bundle a file
 * outside docs/, and its npm resolver ignores `browser` fields).
 */
export async function bundleBrowserModules(): Promise<void> {
  await build({
    entryPoints: [join(projectRoot, "src/site/browser.ts")],
    outfile: join(projectRoot, "docs/components/generated/browser.js"),
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    logLevel: "warning",
  });
}
