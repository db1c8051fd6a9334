#!/usr/bin/env node
// Compiles the CLI (src/cli/main.ts and what it imports) ahead of time into dist-cli/, so a cold
// `kube-census` start loads a few plain JavaScript files instead of transpiling ~120 TypeScript
// files through tsx. Runs at `prepare` (so after every `npm ci`) and in `npm run build`; bin/
// runs the compile only while it matches the sources (compiled-cli.js), else the sources.
import { rename, rm, writeFile } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import { join, relative } from "node:path";
import { DIST, STAMP, inputRecord } from "./compiled-cli.js";

const root = fileURLToPath(new URL("..", import.meta.url));

/** Builds into a temporary folder renamed into place, so a running CLI never sees half a compile. */
export async function compileCli() {
  // why: esbuild comes with tsx (a dependency), so it is there after `npm ci --omit=dev` too
  const { build } = await import("esbuild");
  const temp = join(root, `${DIST}.tmp-${process.pid}`);
  await rm(temp, { recursive: true, force: true });
  const result = await build({
    entryPoints: { "kube-census": join(root, "src/cli/main.ts") },
    outdir: temp,
    bundle: true,
    // why: each command's module stays a chunk loaded on demand, as main.ts's dynamic imports ask
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    // why: npm packages (DuckDB's native binding among them) load from node_modules as they are
    packages: "external",
    // why: flat chunks beside the entry, so `new URL("..", import.meta.url)` is the project root
    chunkNames: "[name]-[hash]",
    outExtension: { ".js": ".mjs" },
    metafile: true,
    logLevel: "warning",
  });
  /** @type {Record<string, import("./compiled-cli.js").InputRecord>} */
  const inputs = {};
  for (const file of Object.keys(result.metafile.inputs).sort())
    inputs[relative(root, join(root, file))] = inputRecord(join(root, file));
  const stamp = { entry: "kube-census.mjs", compiledAt: new Date().toISOString(), inputs };
  await writeFile(join(temp, STAMP), `${JSON.stringify(stamp, null, 2)}\n`);
  const dist = join(root, DIST);
  const old = `${dist}.old-${process.pid}`;
  await rm(old, { recursive: true, force: true });
  await rename(dist, old).catch((e) => {
    if (e.code !== "ENOENT") throw e;
  });
  await rename(temp, dist);
  await rm(old, { recursive: true, force: true });
  return { dist, inputs: Object.keys(inputs).length };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const started = performance.now();
  compileCli().then(
    ({ dist, inputs }) =>
      process.stderr.write(
        `compiled the CLI: ${inputs} source files into ${relative(process.cwd(), dist) || dist}/ ` +
          `in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
      ),
    (e) => {
      // why: at `prepare` a failed compile must not fail `npm ci`: bin/ then runs the sources
      const atPrepare = process.argv.includes("--at-prepare");
      process.stderr.write(
        `kube-census: compiling the CLI failed: ${e.message ?? e}` +
          (atPrepare
            ? "\n(bin/kube-census.js runs src/ through tsx until `npm run compile` succeeds)\n"
            : "\n"),
      );
      if (!atPrepare) process.exitCode = 1;
    },
  );
}
