import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exportCensus } from "../../src/export/export.ts";
import { fetchSource } from "../../src/sources/fetch.ts";
import { ingest } from "../../src/ingest/ingest.ts";
import { pidRunning } from "../../src/temp-files.ts";
import { projectRoot, rawDir } from "../../src/paths.ts";
import { fixture, fixtureSource } from "../support/fixtures.ts";
import { fixtureDatabase, noRealData } from "../support/databases.ts";

/** A pid no process holds: the largest pid Linux allows, plus one. */
const DEAD = 4194305;

async function until(check: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Starts the CLI, waits until `ready` holds, sends `signal`, and returns how it exited. */
async function interrupt(
  args: string[],
  env: Record<string, string>,
  ready: () => Promise<boolean>,
  signal: NodeJS.Signals,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const child = spawn(process.execPath, [join(projectRoot, "bin/kube-census.js"), ...args], {
    env: { ...process.env, ...env },
    stdio: "ignore",
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.on("exit", (code, signal) => r({ code, signal })),
  );
  await until(ready);
  child.kill(signal);
  return exited;
}

describe("temporary files left by a dead process are swept by the next run", () => {
  it("ingest removes census.duckdb.tmp-<dead pid> and its .wal, and keeps a live process's", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kc-sweep-"));
    for (const f of [`census.duckdb.tmp-${DEAD}`, `census.duckdb.tmp-${DEAD}.wal`, "notes.txt"])
      await writeFile(join(dir, f), "left");
    await writeFile(join(dir, `census.duckdb.tmp-1`), "pid 1 runs");
    expect(pidRunning(DEAD)).toBe(false);
    await ingest({
      sources: [fixtureSource("surveys/nbsp-matrix-2018.csv", 2018, "csv-2018")],
      rawDir: fixture(""),
      databasePath: join(dir, "census.duckdb"),
      codebookDir: fixture("codebook-region"),
    });
    expect((await readdir(dir)).sort()).toEqual([
      "census.duckdb",
      "census.duckdb.tmp-1",
      "notes.txt",
    ]);
  });

  it("fetch removes <file>.<dead pid>.partial", async () => {
    const root = await mkdtemp(join(tmpdir(), "kc-sweep-"));
    const content = Buffer.from("x\n");
    await mkdir(join(root, "mirror"), { recursive: true });
    await writeFile(join(root, "mirror", "f.csv"), content);
    await mkdir(join(root, "raw"), { recursive: true });
    await writeFile(join(root, "raw", `f.csv.${DEAD}.partial`), "half");
    const { createHash } = await import("node:crypto");
    await fetchSource(
      {
        id: "f",
        kind: "document",
        file: "f.csv",
        url: "https://example.invalid/f.csv",
        commit: "0".repeat(40),
        sha256: createHash("sha256").update(content).digest("hex"),
        bytes: content.length,
        license: "test",
      },
      { rawDir: join(root, "raw"), mirrors: [join(root, "mirror")], network: false },
    );
    expect(await readdir(join(root, "raw"))).toEqual(["f.csv"]);
  });
});

// Ingesting the real sources takes long enough to be interrupted halfway; the fixtures do not.
describe.skipIf(noRealData)("an interrupted ingest removes its temporary files", () => {
  it("ingest killed with SIGTERM leaves no census.duckdb.tmp-<pid> or .wal", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kc-kill-"));
    const exit = await interrupt(
      ["ingest"],
      { KUBE_CENSUS_DB: join(dir, "census.duckdb"), KUBE_CENSUS_RAW: rawDir },
      async () => (await readdir(dir)).some((f) => f.includes(".tmp-")),
      "SIGTERM",
    );
    expect(exit.signal).toBe("SIGTERM");
    expect(await readdir(dir)).toEqual([]);
  });
});

describe("an interrupted export removes its temporary files (fixture database)", () => {
  it("export interrupted with SIGINT leaves no <out>.tmp-<pid>/", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kc-kill-"));
    const exit = await interrupt(
      ["export", "--format", "csv", "--out", join(dir, "out")],
      { KUBE_CENSUS_DB: fixtureDatabase },
      async () => {
        const tmp = (await readdir(dir)).find((f) => f.startsWith("out.tmp-"));
        return tmp !== undefined && (await readdir(join(dir, tmp))).length > 0;
      },
      "SIGINT",
    );
    expect(exit.signal).toBe("SIGINT");
    expect(await readdir(dir)).toEqual([]);
  });

  it("export sweeps <out>.tmp-<dead pid>/ left by a harder kill", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kc-kill-"));
    await mkdir(join(dir, `out.tmp-${DEAD}`));
    await writeFile(join(dir, `out.tmp-${DEAD}`, "answers.csv"), "half");
    await exportCensus({ format: "csv", out: join(dir, "out"), databasePath: fixtureDatabase });
    expect(await readdir(dir)).toEqual(["out"]);
  });
});
