import { execFile, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../src/paths.ts";
import { runCli } from "../support/cli.ts";
import { fixtureDatabase } from "../support/databases.ts";

/**
 * A full disk and a read-only file system, simulated with a small tmpfs mounted in a private mount
 * namespace (`unshare -m`): the mount exists only for the command run inside it and vanishes with
 * it, whatever happens to the test. The script mounts, optionally seeds the last good database and
 * remounts read-only, runs the command, then lists what the command left on the mount.
 */
const SCRIPT = `
set -e
mount -t tmpfs -o size="$SIZE" tmpfs "$D"
if [ -n "$SEED" ]; then cp "$SEED" "$D/census.duckdb"; fi
if [ -n "$RO" ]; then mount -o remount,ro "$D"; fi
set +e
"$@"
echo "status=$?"
ls -A "$D"
if [ -f "$D/census.duckdb" ]; then echo "sha256=$(sha256sum "$D/census.duckdb" | cut -c1-64)"; fi
`;

function noMounts(): string | false {
  const probe = spawnSync(
    "unshare",
    ["-m", "sh", "-c", `mount -t tmpfs -o size=64k tmpfs "${tmpdir()}"`],
    { stdio: "ignore" },
  );
  if (probe.error) return "unshare is not installed: cannot simulate a full or read-only disk";
  if (probe.status !== 0)
    return "mounting a tmpfs in a private mount namespace is not permitted here (needs root): cannot simulate a full or read-only disk";
  return false;
}

interface Outcome {
  status: number;
  /** What the command left on the mount. */
  left: string[];
  /** The sha256 of census.duckdb on the mount after the command, if there is one. */
  database?: string;
  stderr: string;
}

/** Runs `command` (from the project root) with a tmpfs of `size` at `mount`. */
async function onTmpfs(
  mount: string,
  options: { size: string; seed?: string; readOnly?: boolean; env?: Record<string, string> },
  command: string[],
): Promise<Outcome> {
  const { stdout, stderr } = await promisify(execFile)(
    "unshare",
    ["-m", "sh", "-c", SCRIPT, "sh", ...command],
    {
      cwd: projectRoot,
      env: {
        ...process.env,
        ...options.env,
        D: mount,
        SIZE: options.size,
        SEED: options.seed ?? "",
        RO: options.readOnly ? "1" : "",
      },
      maxBuffer: 1 << 24,
    },
  );
  const [, status, listing] = /status=(\d+)\n([\s\S]*)$/.exec(stdout)!;
  const lines = listing!.split("\n").filter(Boolean);
  const database = lines.find((l) => l.startsWith("sha256="))?.slice("sha256=".length);
  return {
    status: Number(status),
    left: lines.filter((l) => !l.startsWith("sha256=")),
    database,
    stderr,
  };
}

const ingestFixture = (database: string) => [
  process.execPath,
  "--import",
  "tsx",
  "test/support/ingest-fixture-cli.ts",
  database,
];
const cli = (...args: string[]) => [process.execPath, "bin/kube-census.js", ...args];

/** The command's own message: one "kube-census: …" sentence naming `path`, no stack trace. */
function expectSentence(o: Outcome, path: string, text: RegExp): void {
  const message = o.stderr.split("\n").find((l) => l.startsWith("kube-census: "));
  expect(message, o.stderr).toBeDefined();
  expect(message).toContain(path);
  expect(message).toMatch(text);
  expect(o.stderr).not.toMatch(/unexpected error|\n\s+at /);
  expect(o.status).toBe(1);
}

const sha256 = async (path: string) =>
  createHash("sha256")
    .update(await readFile(path))
    .digest("hex");

const mountPoint = async () => {
  const parent = await mkdtemp(join(tmpdir(), "kc-disk-"));
  await mkdir(join(parent, "disk"));
  return { parent, disk: join(parent, "disk") };
};

describe.skipIf(noMounts())(
  "a full disk or a read-only file system: a sentence, nothing left",
  () => {
    it("ingest on a full disk keeps the last good database and leaves no temporary file", async () => {
      const { disk } = await mountPoint();
      const db = join(disk, "census.duckdb");
      // Room for the last good database (about 6 MB), not for a second one beside it.
      const o = await onTmpfs(disk, { size: "8m", seed: fixtureDatabase }, ingestFixture(db));
      expectSentence(
        o,
        db,
        /writing the new database failed: the disk is full\. Free some space .*the last good database, if any, is kept/,
      );
      expect(o.left).toEqual(["census.duckdb"]);
      // The last good database, byte for byte.
      expect(o.database).toBe(await sha256(fixtureDatabase));
    });

    it("ingest on a read-only file system", async () => {
      const { disk } = await mountPoint();
      const db = join(disk, "census.duckdb");
      const o = await onTmpfs(
        disk,
        { size: "8m", seed: fixtureDatabase, readOnly: true },
        ingestFixture(db),
      );
      expectSentence(
        o,
        db,
        /writing the new database failed: the file system is read-only\. Write to a folder on a writable disk/,
      );
      expect(o.left).toEqual(["census.duckdb"]);
      expect(o.database).toBe(await sha256(fixtureDatabase));
    });

    it("export on a full disk", async () => {
      const { disk } = await mountPoint();
      const out = join(disk, "out");
      const o = await onTmpfs(
        disk,
        { size: "64k", env: { KUBE_CENSUS_DB: fixtureDatabase } },
        cli("export", "--format", "csv", "--out", out),
      );
      expectSentence(o, out, /writing the export failed: the disk is full\./);
      expect(o.left).toEqual([]);
    });

    it("export on a read-only file system", async () => {
      const { disk } = await mountPoint();
      const out = join(disk, "out");
      const o = await onTmpfs(
        disk,
        { size: "64k", readOnly: true, env: { KUBE_CENSUS_DB: fixtureDatabase } },
        cli("export", "--format", "csv", "--out", out),
      );
      expectSentence(o, out, /writing the export failed: the file system is read-only\./);
      expect(o.left).toEqual([]);
    });

    it("export to a read-only mount point itself leaves no <out>.tmp-<pid> beside it", async () => {
      const { parent, disk } = await mountPoint();
      const o = await onTmpfs(
        disk,
        { size: "64k", readOnly: true, env: { KUBE_CENSUS_DB: fixtureDatabase } },
        cli("export", "--format", "csv", "--out", disk),
      );
      expectSentence(
        o,
        disk,
        /is a mount point: .*Choose a folder inside it, such as .*disk\/kube-census-export/,
      );
      expect(await readdir(parent)).toEqual(["disk"]);
    });

    it("figure --svg on a full disk and on a read-only file system", async () => {
      const { disk } = await mountPoint();
      const svg = join(disk, "fig.svg");
      const env = { KUBE_CENSUS_DB: fixtureDatabase };
      const full = await onTmpfs(disk, { size: "4k", env }, cli("figure", "fig-1-1", "--svg", svg));
      expectSentence(
        full,
        svg,
        /writing --svg failed: the disk is full\. .*no file was written there/,
      );
      expect(full.left).toEqual([]);
      const readOnly = await onTmpfs(
        disk,
        { size: "4k", readOnly: true, env },
        cli("figure", "fig-1-1", "--svg", svg),
      );
      expectSentence(readOnly, svg, /writing --svg failed: the file system is read-only\./);
      expect(readOnly.left).toEqual([]);
    });
  },
);

describe("figure --svg names a directory or a missing folder before computing anything", () => {
  async function svgTo(path: string): Promise<{ code: number; stderr: string }> {
    try {
      await runCli(["figure", "fig-1-1", "--svg", path], fixtureDatabase);
      return { code: 0, stderr: "" };
    } catch (e) {
      return e as { code: number; stderr: string };
    }
  }

  it("a directory: asks for a file name, with an example", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kc-svg-"));
    const { code, stderr } = await svgTo(dir);
    expect(code).toBe(1);
    expect(stderr).toContain(
      `kube-census: --svg ${dir}: that is a directory; give a file name, such as ${join(dir, "fig-1-1.svg")}.`,
    );
    expect(await readdir(dir)).toEqual([]);
  });

  it("a folder that does not exist, or a file where a folder should be", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kc-svg-"));
    const missing = join(dir, "charts", "fig.svg");
    const a = await svgTo(missing);
    expect(a.code).toBe(1);
    expect(a.stderr).toContain(`the folder ${join(dir, "charts")} does not exist. Create it first`);
    await writeFile(join(dir, "file"), "mine");
    const b = await svgTo(join(dir, "file", "fig.svg"));
    expect(b.stderr).toContain(`${join(dir, "file")} is a file, not a folder`);
    expect((await readdir(dir)).sort()).toEqual(["file"]);
  });

  it("a file beside an existing one: replaced whole, no temporary file left", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kc-svg-"));
    const svg = join(dir, "fig.svg");
    await writeFile(svg, "old");
    await runCli(["figure", "fig-1-1", "--svg", svg], fixtureDatabase);
    expect(await readdir(dir)).toEqual(["fig.svg"]);
  });
});
