import { build } from "esbuild";
import { join } from "node:path";
import { projectRoot } from "../paths.ts";

const generated = join(projectRoot, "docs/components/generated");

/**
 * Bundles the code the site shares with the CLI for the browser (Framework would not bundle a
 * file outside docs/, and its npm resolver ignores `browser` fields): src/site/browser.ts, so the
 * site's downloads come from the same functions as `kube-census figure --format vega-lite|csv`,
 * src/site/explorer-browser.ts (with arquero), which only the explorer page loads, and the figure
 * card (docs/components/figureView.js with Plot and only the parts of d3 Plot uses): Framework
 * would load it as some 50 modules, all of d3 among them, so the card replacing the prerendered
 * one came a second later (issue 11; `npm run bench:site`). Pages import the bundle; the build's
 * prerender draws from the same source file.
 */
export async function bundleBrowserModules(): Promise<void> {
  const options = {
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    logLevel: "warning",
  } as const;
  await build({
    ...options,
    entryPoints: [join(projectRoot, "src/site/browser.ts")],
    outfile: join(generated, "browser.js"),
  });
  await build({
    ...options,
    entryPoints: [join(projectRoot, "src/site/explorer-browser.ts")],
    outfile: join(generated, "explorer.js"),
    minify: true,
    legalComments: "eof",
  });
  await build({
    ...options,
    entryPoints: [join(projectRoot, "docs/components/figureView.js")],
    outfile: join(generated, "figure-view.js"),
    minify: true,
    legalComments: "eof",
  });
}
