import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../src/paths.ts";
import { fixtureDatabase } from "../support/databases.ts";

/**
 * `kube-census … | reader` through a real shell pipe, the reader closing it early: the command's
 * own exit status (PIPESTATUS[0]), what the reader got and what went to stderr.
 */
async function piped(args: string[], reader: string, env: Record<string, string> = {}) {
  const quoted = args.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(" ");
  const bin = join(projectRoot, "bin/kube-census.js");
  const script = `"${process.execPath}" "${bin}" ${quoted} 2>"$ERR" | ${reader}; echo "status=\${PIPESTATUS[0]}"`;
  const { stdout } = await promisify(execFile)("bash", ["-c", script], {
    env: { ...process.env, KUBE_CENSUS_DB: fixtureDatabase, ERR: join(dir, "stderr"), ...env },
  });
  const status = Number(/status=(\d+)\n$/.exec(stdout)![1]);
  const { readFile } = await import("node:fs/promises");
  return {
    status,
    out: stdout.replace(/status=\d+\n$/, ""),
    stderr: await readFile(join(dir, "stderr"), "utf8"),
  };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kc-pipe-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("a reader that closes the pipe early ends the command quietly, exit 0", () => {
  // `true` exits before the CLI (half a second to start) writes anything: every write meets EPIPE.
  it.each([
    [["figures"]],
    [["figure", "fig-1-1"]],
    [["figure", "fig-1-1", "--format", "json"]],
    [["crosstab", "challenges", "--by", "org_size"]],
    [["sql", "SELECT 1 AS one"]],
    [["landscape"]],
    [["landscape", "--count-by", "org"]],
    [["questions"]],
    [["quality"]],
    [["--help"]],
    [["figure", "--help"]],
  ])("%j | true", async (args) => {
    const { status, stderr } = await piped(args, "true");
    expect(stderr).not.toMatch(/EPIPE|unexpected error|Unhandled/);
    expect(status).toBe(0);
  });

  it("verify keeps the status it has with an open pipe (1 on the fixture: its claims do not reproduce)", async () => {
    const open = await piped(["verify"], "cat >/dev/null");
    const closed = await piped(["verify"], "true");
    expect(closed.stderr).not.toMatch(/EPIPE|unexpected error|Unhandled/);
    expect(closed.status).toBe(open.status);
  });

  it("mid-stream: the reader takes two lines of a long output and leaves", async () => {
    // 200,000 CSV rows (about 1.3 MB) do not fit in a pipe's buffer: the writer meets the close.
    const { status, out, stderr } = await piped(
      ["sql", "SELECT range AS n FROM range(200000)", "--format", "csv"],
      "head -n 2",
    );
    expect(out).toBe("n\n0\n");
    expect(stderr).toBe("");
    expect(status).toBe(0);
  });

  it("a refused command keeps its own status (2) when stdout is closed", async () => {
    const { status, stderr } = await piped(["figure", "fig-1-1", "extra"], "true");
    expect(stderr).toContain('figure: unexpected argument "extra"');
    expect(status).toBe(2);
  });

  it("export still writes its folder when its progress (stderr) goes to a closed pipe", async () => {
    const out = join(dir, "export");
    const bin = join(projectRoot, "bin/kube-census.js");
    const { stdout } = await promisify(execFile)(
      "bash",
      [
        "-c",
        `"${process.execPath}" "${bin}" export --out "${out}" --format csv 2>&1 | true; echo "\${PIPESTATUS[0]}"`,
      ],
      { env: { ...process.env, KUBE_CENSUS_DB: fixtureDatabase } },
    );
    expect(stdout).toBe("0\n");
    expect(await readdir(out)).toContain("schema.json");
  });
});
