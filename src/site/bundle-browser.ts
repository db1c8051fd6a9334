import { build } from "esbuild";
import { join } from "node:path";
import { projectRoot } from "../paths.ts";

const generated = join(projectRoot, "docs/components/generated");

/**
 * Bundles the code the site shares with the CLI for the browser (Framework would not bundle a
 * file outside docs/, and its npm resolver ignores `browser` fields): src/site/browser.ts, so the
 * site's downloads come from the same functions as `kube-census figure --format vega-lite|csv`,
 * and the figure card (docs/components/figureView.js with Plot and only the parts of d3 Plot uses): Framework
 * would load it as some 50 modules, all of d3 among them, so the card replacing the prerendered
 * one came a second later (issue 11; `npm run bench:site`); the survey explorer
 * (docs/components/explorerPage.js, the engine included) and the landscape explorer
 * (docs/components/landscapePage.js) likewise, ~50 modules each, a round trip apiece on a phone
 * (issue 18). Pages import the bundle; the build's prerender draws from the same source files.
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
  // One module per page for the figure cards, the survey explorer (with its engine) and the
  // landscape explorer: each loaded by its pages only.
  for (const [entry, out] of <const>[
    ["figureView.js", "figure-view.js"],
    ["explorerPage.js", "explorer-page.js"],
    ["landscapePage.js", "landscape-page.js"],
  ])
    await build({
      ...options,
      entryPoints: [join(projectRoot, "docs/components", entry)],
      outfile: join(generated, out),
      minify: true,
      legalComments: "eof",
    });
}
