// Benchmarks `kube-census ingest` against its floor: the same raw bytes read by the cheapest
// readers there are — DuckDB `read_csv` for the survey CSVs, js-yaml for the landscape snapshots
// and the processed snapshots (momentum's), the xlsx reader for the 2021 workbooks. Each run is a fresh process (ingest and floor
// alternating, so load on the shared machine hits both alike); CPU (user + system, every thread:
// DuckDB's included) and wall time are taken inside the process around the work only, so Node's
// start-up and module loading count for neither. Medians of BENCH_RUNS (default 5) runs.
//
// `npm run bench:ingest` — the real data/raw/ (run `kube-census fetch` first); the database is
// written to a temporary folder, never to data/census.duckdb.
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";
import readExcelFile from "read-excel-file/node";
import { ingest } from "../src/ingest/ingest.ts";
import { rawDir } from "../src/paths.ts";
import { loadSources, type Source } from "../src/sources/sources.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** The kinds of raw file, each with its own reader and its own floor. */
type Kind = "survey csv" | "xlsx workbook" | "landscape yaml" | "processed yaml" | "the rest";
const KINDS: Kind[] = [
  "survey csv",
  "xlsx workbook",
  "landscape yaml",
  "processed yaml",
  "the rest",
];

interface Run {
  wallMs: number;
  cpuMs: number;
  /** CPU per kind of raw file (ingest: "the rest" is hashing, codebook, routing, book facts, writing). */
  kinds: Record<Kind, number>;
  maxRssMb: number;
}

const kindOf = (s: Source): Kind | undefined =>
  s.kind === "landscape"
    ? "landscape yaml"
    : s.kind === "landscape-processed"
      ? "processed yaml"
      : s.kind === "survey"
        ? s.layout === "xlsx-summary"
          ? "xlsx workbook"
          : "survey csv"
        : undefined;

const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

/** The real ingest into a temporary database; CPU per source from the progress lines' times. */
async function ingestRun(): Promise<Run> {
  const sources = await loadSources();
  const dir = await mkdtemp(join(tmpdir(), "kc-bench-ingest-"));
  const kinds = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<Kind, number>;
  const byId = new Map(sources.map((s) => [s.id, s]));
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let last = process.cpuUsage();
  try {
    await ingest({
      sources,
      rawDir,
      databasePath: join(dir, "census.duckdb"),
      // Each "loaded <id>:" line ends that source's work: the CPU since the previous line is its.
      log: (line) => {
        const now = process.cpuUsage();
        const spent = cpuMs(process.cpuUsage(last));
        last = now;
        const source = byId.get(/^loaded {2}([a-z0-9-]+):/.exec(line)?.[1] ?? "");
        kinds[(source && kindOf(source)) ?? "the rest"] += spent;
      },
    });
    const total = cpuMs(process.cpuUsage(c0));
    kinds["the rest"] += cpuMs(process.cpuUsage(last));
    return {
      wallMs: performance.now() - t0,
      cpuMs: total,
      kinds,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The same bytes into memory by the cheapest reader of each kind. */
async function floorRun(): Promise<Run> {
  const sources = (await loadSources()).filter((s) => kindOf(s));
  const yaml = createRequire(import.meta.url)("js-yaml");
  const instance = await DuckDBInstance.create(":memory:");
  const conn = await instance.connect();
  const kinds = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<Kind, number>;
  const dir = await mkdtemp(join(tmpdir(), "kc-bench-floor-"));
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let i = 0;
  for (const s of sources) {
    const c = process.cpuUsage();
    let path = join(rawDir, s.file);
    // An 8-bit code page (data/surveys/<id>.yml), which DuckDB's read_csv does not know without an
    // extension (its latin-1 refuses 2022's 0x96): the floor transcodes it to UTF-8 in a
    // temporary file first, and counts that work.
    const codePage = s.kind === "survey" && s.encoding !== "utf-8" ? s.encoding : undefined;
    if (codePage) {
      const utf8 = join(dir, `${s.id}.csv`);
      await writeFile(utf8, new TextDecoder(codePage).decode(await readFile(path)));
      path = utf8;
    }
    if (s.kind === "landscape" || s.kind === "landscape-processed")
      yaml.load(await readFile(path, "utf8"));
    else if (s.kind === "survey" && s.layout === "xlsx-summary")
      await readExcelFile(await readFile(path), { trim: false });
    else if (s.kind === "survey")
      // Every cell as text into a table, as the ingest keeps every cell; lenient, as the 2018
      // rows an unquoted comma widened would stop a strict reader.
      await conn.run(
        `CREATE TABLE t${i++} AS SELECT * FROM read_csv('${path.replace(/'/g, "''")}', header = false, all_varchar = true, ` +
          `strict_mode = false, null_padding = true, auto_detect = true)`,
      );
    kinds[kindOf(s)!] += cpuMs(process.cpuUsage(c));
  }
  const run = {
    wallMs: performance.now() - t0,
    cpuMs: cpuMs(process.cpuUsage(c0)),
    kinds,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
  conn.closeSync();
  instance.closeSync();
  await rm(dir, { recursive: true, force: true });
  return run;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

if (process.argv[2] === "--child") {
  const run = process.argv[3] === "floor" ? await floorRun() : await ingestRun();
  process.stdout.write(JSON.stringify(run));
} else {
  const self = fileURLToPath(import.meta.url);
  const child = (what: "ingest" | "floor"): Run =>
    JSON.parse(
      execFileSync(process.execPath, ["--import", "tsx", self, "--child", what], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
        maxBuffer: 1 << 20,
      }),
    );
  const runs = { ingest: [] as Run[], floor: [] as Run[] };
  const loads: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    loads.push(loadavg()[0]!);
    runs.ingest.push(child("ingest"));
    runs.floor.push(child("floor"));
    process.stderr.write(`run ${i + 1}/${RUNS} done\n`);
  }
  const m = (rs: Run[], f: (r: Run) => number) => median(rs.map(f));
  const row = (what: string, f: (r: Run) => number, unit = "ms") => {
    const a = m(runs.ingest, f);
    const b = m(runs.floor, f);
    return `| ${what} | ${a.toFixed(0)} ${unit} | ${b.toFixed(0)} ${unit} | ${b > 0 ? `${(a / b).toFixed(2)}×` : "—"} |`;
  };
  console.log(
    `ingest vs floor, medians of ${RUNS} runs each, load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}\n`,
  );
  console.log(`| what | ingest | floor | ratio |\n|---|---|---|---|`);
  console.log(row("CPU", (r) => r.cpuMs));
  console.log(row("wall", (r) => r.wallMs));
  for (const k of KINDS) console.log(row(`CPU, ${k}`, (r) => r.kinds[k]));
  console.log(row("peak RSS", (r) => r.maxRssMb, "MB"));
}
