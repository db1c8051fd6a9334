// Benchmarks the figure layer on the real database: every figure in one warm process (median of
// repeated passes) and cold CLI calls of `kube-census figure fig-2-6` (median of separate processes).
import { execFileSync } from "node:child_process";
import { computeFigure } from "../src/survey/compute.ts";
import { figures } from "../src/survey/registry.ts";
import { openDatabase } from "../src/db/open.ts";
import { projectRoot } from "../src/paths.ts";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const passes = Number(process.env.BENCH_PASSES ?? 7);

const db = await openDatabase();
const warm: number[] = [];
for (let i = 0; i <= passes; i++) {
  const t = performance.now();
  for (const f of figures) await computeFigure(db.conn, f);
  if (i > 0) warm.push(performance.now() - t); // the first pass warms DuckDB's caches
}
db.close();

const cold: number[] = [];
for (let i = 0; i < Math.max(3, Math.floor(passes / 2)); i++) {
  const t = performance.now();
  execFileSync(process.execPath, [`${projectRoot}bin/kube-census.js`, "figure", "fig-2-6"], {
    stdio: "ignore",
  });
  cold.push(performance.now() - t);
}
const startup: number[] = [];
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  execFileSync(process.execPath, [`${projectRoot}bin/kube-census.js`, "--help"], {
    stdio: "ignore",
  });
  startup.push(performance.now() - t);
}
console.log(
  `all ${figures.length} figures, warm process: median ${median(warm).toFixed(0)} ms over ${warm.length} passes`,
);
console.log(
  `cold \`kube-census figure fig-2-6\`: median ${median(cold).toFixed(0)} ms over ${cold.length} runs`,
);
console.log(
  `cold \`kube-census --help\` (start-up alone): median ${median(startup).toFixed(0)} ms; figure work is ${(median(cold) / median(startup)).toFixed(1)}× start-up`,
);
