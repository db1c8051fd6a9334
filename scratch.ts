import { run } from "./src/cli/commands/export.ts";
const [format, out] = process.argv.slice(2);
const t = performance.now();
await run({ format, out });
console.error(`wall ${((performance.now() - t) / 1000).toFixed(2)} s`);
