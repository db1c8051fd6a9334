// Cold CLI calls against their floor (issue 19, item 6): `kube-census figure fig-1-1` and
// `kube-census crosstab challenges --by org_size`, each a fresh process through bin/ (the compile
// in dist-cli/, and the sources through tsx for comparison), beside bench/cold-floor.mjs — a bare
// Node + @duckdb/node-api open-and-query of the same database. Each round runs every case once, in
// turn, so load that drifts during the bench falls on all of them alike; medians over the rounds.
// Wall time is what a user waits; CPU time (user + sys, from /usr/bin/time) is steadier on a
// shared machine.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { databasePath, projectRoot } from "../src/paths.ts";
import { compiledEntry } from "../bin/compiled-cli.js";
import { compileCli } from "../bin/compile-cli.js";

const rounds = Math.max(7, Number(process.env.BENCH_RUNS ?? 9));
const bin = join(projectRoot, "bin/kube-census.js");
const CROSSTAB = ["crosstab", "challenges", "--by", "org_size"];

if (!existsSync(databasePath))
  throw new Error(`${databasePath}: no database; run kube-census ingest`);
// why: the bench measures what bin runs after `npm ci`; a stale compile would measure tsx
if ((compiledEntry(projectRoot) as { stale?: string }).stale) await compileCli();

const cases: { name: string; argv: string[]; env?: Record<string, string> }[] = [
  {
    name: "floor: node + DuckDB open-and-query",
    argv: [join(projectRoot, "bench/cold-floor.mjs"), databasePath],
  },
  {
    name: "figure fig-1-1 (compiled)",
    argv: [bin, "figure", "fig-1-1"],
    env: { KUBE_CENSUS_CLI: "compiled" },
  },
  {
    name: "crosstab challenges --by org_size (compiled)",
    argv: [bin, ...CROSSTAB],
    env: { KUBE_CENSUS_CLI: "compiled" },
  },
  {
    name: "figure fig-1-1 (sources through tsx)",
    argv: [bin, "figure", "fig-1-1"],
    env: { KUBE_CENSUS_CLI: "source" },
  },
  {
    name: "crosstab … (sources through tsx)",
    argv: [bin, ...CROSSTAB],
    env: { KUBE_CENSUS_CLI: "source" },
  },
];

const time = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;
const dir = mkdtempSync(join(tmpdir(), "kc-cold-"));
const wall = cases.map(() => [] as number[]);
const cpu = cases.map(() => [] as number[]);
try {
  for (let r = 0; r < rounds; r++)
    cases.forEach((c, i) => {
      const out = join(dir, "time");
      const [cmd, args] = time
        ? [time, ["-f", "%U %S", "-o", out, process.execPath, ...c.argv]]
        : [process.execPath, c.argv];
      const t = performance.now();
      const run = spawnSync(cmd, args, {
        env: { ...process.env, KUBE_CENSUS_DB: databasePath, ...c.env },
        stdio: ["ignore", "ignore", "pipe"],
      });
      wall[i]!.push(performance.now() - t);
      if (run.status !== 0) throw new Error(`${c.name} failed: ${run.stderr}`);
      if (time) {
        const [user, sys] = readFileSync(out, "utf8")
          .trim()
          .split("\n")
          .at(-1)!
          .split(" ")
          .map(Number);
        cpu[i]!.push((user! + sys!) * 1000);
      }
    });
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const [floorWall, floorCpu] = [median(wall[0]!), time ? median(cpu[0]!) : NaN];
console.log(`cold CLI, medians of ${rounds} rounds (each round runs every case once, in turn)`);
console.log(
  `${"case".padEnd(46)} ${"wall ms".padStart(8)} ${"× floor".padStart(8)} ${"cpu ms".padStart(8)} ${"× floor".padStart(8)}`,
);
cases.forEach((c, i) => {
  const w = median(wall[i]!);
  const u = time ? median(cpu[i]!) : NaN;
  console.log(
    `${c.name.padEnd(46)} ${w.toFixed(0).padStart(8)} ${(w / floorWall).toFixed(2).padStart(8)} ` +
      `${time ? u.toFixed(0).padStart(8) : "-".padStart(8)} ${time ? (u / floorCpu).toFixed(2).padStart(8) : "-".padStart(8)}`,
  );
});
