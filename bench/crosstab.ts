// Benchmarks `kube-census crosstab` on the real database: cold CLI calls (median of separate
// processes, Node + tsx start-up included) and the same cross-tab warm in one process (median of
// repeated runs: checking the command line against the codebook, counting, assembling, testing).
import { execFileSync } from "node:child_process";
import { computeCrosstab } from "../src/survey/crosstab.ts";
import { crosstabSpec, type CrosstabArgs } from "../src/cli/commands/crosstab-spec.ts";
import { openDatabase } from "../src/db/open.ts";
import { projectRoot } from "../src/paths.ts";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const COLD_RUNS = 5;
const WARM_RUNS = 7;

/** The cross-tabs measured: a question by a question, by year, with a filter and a matrix. */
const CASES: CrosstabArgs[] = [
  { question: "challenges", by: "org_size", year: ["2019"], universe: "k8s-users" },
  { question: "k8s_clusters", by: "year", universe: "k8s-users" },
  { question: "challenges", by: "k8s_clusters", universe: "k8s-users", where: ["region=Europe"] },
  { question: "storage", by: "org_size", universe: "k8s-users" },
];
const argv = (c: CrosstabArgs) => [
  "crosstab",
  c.question!,
  "--by",
  c.by!,
  ...(c.year ?? []).flatMap((y) => ["--year", y]),
  ...(c.universe ? ["--universe", c.universe] : []),
  ...(c.where ?? []).flatMap((w) => ["--where", w]),
];

const db = await openDatabase();
const warm = new Map<CrosstabArgs, number[]>();
for (const c of CASES) {
  const times: number[] = [];
  for (let i = 0; i <= WARM_RUNS; i++) {
    const t = performance.now();
    await computeCrosstab(db.conn, await crosstabSpec(db.conn, c));
    if (i > 0) times.push(performance.now() - t); // the first run warms DuckDB's caches
  }
  warm.set(c, times);
}
db.close();

for (const c of CASES) {
  const cold: number[] = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    const t = performance.now();
    execFileSync(process.execPath, [`${projectRoot}bin/kube-census.js`, ...argv(c)], {
      stdio: "ignore",
    });
    cold.push(performance.now() - t);
  }
  console.log(
    `\`kube-census ${argv(c).join(" ")}\`: cold median ${median(cold).toFixed(0)} ms (${COLD_RUNS} runs), ` +
      `warm median ${median(warm.get(c)!).toFixed(0)} ms (${WARM_RUNS} runs)`,
  );
}
const startup: number[] = [];
for (let i = 0; i < COLD_RUNS; i++) {
  const t = performance.now();
  execFileSync(process.execPath, [`${projectRoot}bin/kube-census.js`, "--help"], {
    stdio: "ignore",
  });
  startup.push(performance.now() - t);
}
console.log(
  `cold \`kube-census --help\` (start-up alone): median ${median(startup).toFixed(0)} ms`,
);
