// How ingest and queries grow with the data: the 2018 and 2019 exports replicated 1×, 10× and 50×
// (BENCH_SCALES, e.g. "1,10,50"), each copy re-pinned (sha256, bytes, expected respondents) in a
// manifest of its own in a temporary folder — the real data/raw/ and data/sources.json are only
// read. The exports carry no respondent id: ingest numbers respondents by row, so each replica's
// respondents get ids of their own. Per scale, BENCH_RUNS (default 3; 1 at 50×) fresh processes:
// the ingest's wall and CPU time and the process's peak RSS (getrusage maxrss, all threads), then a
// figure and a cross-tab on that database, each the first after opening it (median of 3 processes).
// First, at each scale, an ingest is sent SIGTERM 1, 3 and 6 s into its build: how long until it
// ends (BENCH_SIGNAL_ONLY=1 measures only that).
//
// `npm run bench:scale` — needs about 2 GB free disk at 50× (the copies and the database).
// BENCH_KEEP=1 leaves each scale's folder (copies and database) in place and prints its path;
// BENCH_QUERIES=<folder> only times the queries on a folder kept that way (no ingest).
import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ingest } from "../src/ingest/ingest.ts";
import { rawDir } from "../src/paths.ts";
import { openDatabase } from "../src/db/open.ts";
import { computeFigure } from "../src/survey/compute.ts";
import { figures } from "../src/survey/registry.ts";
import { computeCrosstab } from "../src/survey/crosstab.ts";
import { crosstabSpec, type CrosstabArgs } from "../src/cli/commands/crosstab-spec.ts";
import { loadSources, type SurveySource } from "../src/sources/sources.ts";

const SCALES = (process.env.BENCH_SCALES ?? "1,10,50").split(",").map(Number);
const runsAt = (scale: number) => Number(process.env.BENCH_RUNS ?? (scale >= 50 ? 1 : 3));
const REPLICATED = ["survey-2018", "survey-2019"];
/** The queries timed at each size, in a process of their own: opening the database included. */
const FIGURE = "fig-2-4";
const CROSSTAB: CrosstabArgs = { question: "challenges", by: "org_size", universe: "k8s-users" };

/** Where the two header records end: the byte after the second newline outside quotes. */
function bodyStart(bytes: Buffer): number {
  let quoted = false;
  let records = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x22) quoted = !quoted;
    else if (bytes[i] === 0x0a && !quoted && ++records === 2) return i + 1;
  }
  throw new Error("an export with fewer than two header records");
}

/** The export with its answer rows written `scale` times, ending in exactly one newline. */
function replicate(bytes: Buffer, scale: number): Buffer {
  const at = bodyStart(bytes);
  let end = bytes.length;
  while (end > at && (bytes[end - 1] === 0x0a || bytes[end - 1] === 0x0d)) end--;
  const body = Buffer.concat([bytes.subarray(at, end), Buffer.from("\n")]);
  return Buffer.concat([bytes.subarray(0, at), ...Array.from({ length: scale }, () => body)]);
}

/** Writes the replicated exports and their re-pinned manifest entries into `dir`. */
async function prepare(dir: string, scale: number): Promise<SurveySource[]> {
  const sources = (await loadSources()).filter(
    (s): s is SurveySource => s.kind === "survey" && REPLICATED.includes(s.id),
  );
  const out: SurveySource[] = [];
  for (const s of sources) {
    const bytes = replicate(await readFile(join(rawDir, s.file)), scale);
    await mkdir(join(dir, "raw", s.file, ".."), { recursive: true });
    await writeFile(join(dir, "raw", s.file), bytes);
    out.push({
      ...s,
      sha256: createHash("sha256").update(bytes).digest("hex"),
      bytes: bytes.length,
      expected: s.expected && { ...s.expected, respondents: s.expected.respondents * scale },
    });
  }
  return out;
}

/**
 * How long an ingest takes to end after SIGTERM, sent `delayMs` after its temporary database
 * appears (mid-survey: reading, harmonising or appending), and whether that file is gone.
 */
async function signalBound(dir: string, self: string, delayMs: number): Promise<string> {
  const child = spawn(process.execPath, ["--import", "tsx", self, "--child", dir], {
    stdio: "ignore",
  });
  let sent = 0;
  const exited = new Promise<number>((r) => child.on("exit", () => r(performance.now() - sent)));
  const tmp = async () => (await readdir(dir)).filter((f) => f.startsWith("census.duckdb.tmp-"));
  while ((await tmp()).length === 0) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, delayMs));
  sent = performance.now();
  child.kill("SIGTERM");
  const ms = await exited;
  return `${ms.toFixed(0)} ms${(await tmp()).length ? " (temporary database left!)" : ""}`;
}

interface Run {
  wallMs: number;
  cpuMs: number;
  maxRssMb: number;
  respondents: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

if (process.argv[2] === "--query") {
  // First figure and first cross-tab after opening (what one CLI call pays, less Node's start-up).
  const t0 = performance.now();
  const db = await openDatabase(join(process.argv[3]!, "census.duckdb"));
  await computeFigure(
    db.conn,
    figures.find((f) => f.id === FIGURE)!,
  );
  const figureMs = performance.now() - t0;
  const t1 = performance.now();
  await computeCrosstab(db.conn, await crosstabSpec(db.conn, CROSSTAB));
  const crosstabMs = performance.now() - t1;
  db.close();
  process.stdout.write(JSON.stringify([figureMs, crosstabMs]));
} else if (process.argv[2] === "--child") {
  // One ingest in this process, so its peak RSS is the ingest's own.
  const dir = process.argv[3]!;
  const sources = JSON.parse(await readFile(join(dir, "sources.json"), "utf8")) as SurveySource[];
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const summary = await ingest({
    sources,
    rawDir: join(dir, "raw"),
    databasePath: join(dir, "census.duckdb"),
  });
  const cpu = process.cpuUsage(c0);
  const run: Run = {
    wallMs: performance.now() - t0,
    cpuMs: (cpu.user + cpu.system) / 1000,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    respondents: summary.sources.reduce((n, s) => n + s.rows, 0),
  };
  process.stdout.write(JSON.stringify(run));
} else if (process.env.BENCH_QUERIES) {
  const self = fileURLToPath(import.meta.url);
  const runs = Number(process.env.BENCH_RUNS ?? 5);
  const queries: number[][] = [];
  const loads: number[] = [];
  for (let i = 0; i < runs; i++) {
    loads.push(loadavg()[0]!);
    queries.push(
      JSON.parse(
        execFileSync(
          process.execPath,
          ["--import", "tsx", self, "--query", process.env.BENCH_QUERIES],
          {
            encoding: "utf8",
            stdio: ["ignore", "pipe", "inherit"],
          },
        ),
      ),
    );
  }
  const [figureMs, crosstabMs] = [0, 1].map((k) => median(queries.map((q) => q[k]!)));
  console.log(
    `figure ${FIGURE} ${figureMs!.toFixed(0)} ms, crosstab ${CROSSTAB.question} by ${CROSSTAB.by} ${crosstabMs!.toFixed(0)} ms: ` +
      `medians of ${runs} processes, load ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`,
  );
} else {
  const self = fileURLToPath(import.meta.url);
  const lines: string[] = [];
  for (const scale of SCALES) {
    const dir = await mkdtemp(join(tmpdir(), `kc-bench-scale-${scale}x-`));
    try {
      const sources = await prepare(dir, scale);
      await writeFile(join(dir, "sources.json"), JSON.stringify(sources));
      const mb = sources.reduce((n, s) => n + s.bytes, 0) / 1e6;
      const signals: string[] = [];
      for (const delay of [1000, 3000, 6000]) signals.push(await signalBound(dir, self, delay));
      process.stderr.write(
        `${scale}×: SIGTERM 1, 3, 6 s after the temporary database appears: ended in ${signals.join(", ")}\n`,
      );
      if (process.env.BENCH_SIGNAL_ONLY) continue;
      const runs: Run[] = [];
      const loads: number[] = [];
      for (let i = 0; i < runsAt(scale); i++) {
        loads.push(loadavg()[0]!);
        runs.push(
          JSON.parse(
            execFileSync(process.execPath, ["--import", "tsx", self, "--child", dir], {
              encoding: "utf8",
              stdio: ["ignore", "pipe", "inherit"],
            }),
          ),
        );
      }
      const queries: number[][] = [];
      for (let i = 0; i < 3; i++)
        queries.push(
          JSON.parse(
            execFileSync(process.execPath, ["--import", "tsx", self, "--query", dir], {
              encoding: "utf8",
              stdio: ["ignore", "pipe", "inherit"],
            }),
          ),
        );
      const queryMs = [0, 1].map((k) => median(queries.map((q) => q[k]!)));
      const line =
        `| ${scale}× | ${runs[0]!.respondents} | ${mb.toFixed(0)} MB | ${(median(runs.map((r) => r.wallMs)) / 1000).toFixed(1)} s | ` +
        `${(median(runs.map((r) => r.cpuMs)) / 1000).toFixed(1)} s | ${median(runs.map((r) => r.maxRssMb)).toFixed(0)} MB | ` +
        `${queryMs.map((t) => `${t.toFixed(0)} ms`).join(" | ")} | ${runs.length} | ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} |`;
      lines.push(line);
      process.stderr.write(`${line}\n`);
    } finally {
      if (process.env.BENCH_KEEP) process.stderr.write(`${scale}×: kept ${dir}\n`);
      else await rm(dir, { recursive: true, force: true });
    }
  }
  console.log(
    `| scale | respondents | CSV | ingest wall | ingest CPU | peak RSS | figure ${FIGURE} | crosstab ${CROSSTAB.question} by ${CROSSTAB.by} | runs | load |`,
  );
  console.log(`|---|---|---|---|---|---|---|---|---|---|`);
  for (const l of lines) console.log(l);
}
