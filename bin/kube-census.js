#!/usr/bin/env node
// Runs the CLI compiled ahead into dist-cli/ (bin/compile-cli.js, at `prepare` and in `build`)
// when it was compiled from the sources as they are now; otherwise the TypeScript sources through
// tsx, so `npx kube-census` works in any state of the checkout. KUBE_CENSUS_CLI=source runs the
// sources (the tests do: they test src/, not a compile); KUBE_CENSUS_CLI=compiled refuses to run
// anything but a fresh compile (how a test proves which one runs).
import { fileURLToPath, pathToFileURL } from "node:url";
import { compiledEntry } from "./compiled-cli.js";

const want = process.env.KUBE_CENSUS_CLI ?? "";
if (!["", "source", "compiled"].includes(want)) {
  process.stderr.write(
    `kube-census: KUBE_CENSUS_CLI must be source or compiled (got ${JSON.stringify(want.slice(0, 40))}).\n`,
  );
  process.exit(2);
}
const compiled =
  want === "source" ? { stale: "" } : compiledEntry(fileURLToPath(new URL("..", import.meta.url)));
if (compiled.entry) await import(pathToFileURL(compiled.entry).href);
else if (want === "compiled") {
  process.stderr.write(`kube-census: KUBE_CENSUS_CLI=compiled, but ${compiled.stale}.\n`);
  process.exit(2);
} else {
  // why: say once why this start is slow, but never when the sources were asked for
  if (want === "")
    process.stderr.write(`kube-census: ${compiled.stale}; running src/ through tsx.\n`);
  const { register } = await import("tsx/esm/api");
  register();
  await import("../src/cli/main.ts");
}
