import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, rm, symlink, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../src/paths.ts";
import { fixtureDatabase } from "../support/databases.ts";
import { compiledEntry, inputRecord } from "../../bin/compiled-cli.js";
import { compileCli } from "../../bin/compile-cli.js";

type Entry = { entry?: string; stale?: string };
const entryOf = compiledEntry as (root: string) => Entry;

/** bin/kube-census.js of `root` with KUBE_CENSUS_CLI as given (unset: undefined). */
function bin(root: string, args: string[], how: string | undefined) {
  const env: Record<string, string | undefined> = {
    ...process.env,
    KUBE_CENSUS_DB: fixtureDatabase,
    KUBE_CENSUS_CLI: how,
  };
  if (how === undefined) delete env.KUBE_CENSUS_CLI;
  return promisify(execFile)(process.execPath, [join(root, "bin/kube-census.js"), ...args], {
    env,
    maxBuffer: 1 << 26,
  });
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kc-compiled-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("the stamp: dist-cli/ runs only while it matches the sources", () => {
  it("no compile, a fresh one, one touched but unchanged, one whose source changed", async () => {
    const root = join(dir, "stamp");
    await mkdir(join(root, "src"), { recursive: true });
    await mkdir(join(root, "dist-cli"), { recursive: true });
    const source = join(root, "src/a.ts");
    await writeFile(source, "export const a = 1;\n");
    expect(entryOf(root).stale).toContain("dist-cli/ has no compile");
    const stamp = { entry: "kube-census.mjs", inputs: { "src/a.ts": inputRecord(source) } };
    await writeFile(join(root, "dist-cli/stamp.json"), JSON.stringify(stamp));
    expect(entryOf(root)).toEqual({ entry: join(root, "dist-cli/kube-census.mjs") });
    // a checkout that rewrote the file unchanged (new mtime): the content still matches
    await utimes(source, new Date(), new Date(Date.now() + 5000));
    expect(entryOf(root).entry).toBeDefined();
    // one character changed, same size
    await writeFile(source, "export const a = 2;\n");
    expect(entryOf(root).stale).toBe(
      "src/a.ts changed since dist-cli/ was compiled (npm run compile)",
    );
    await rm(source);
    expect(entryOf(root).stale).toContain("src/a.ts changed");
  });
});

describe("bin/kube-census.js runs the compile, and the compile behaves as the sources", () => {
  beforeAll(async () => {
    await compileCli();
  }, 120_000);

  it("stamps every source file the CLI is built from", () => {
    const { entry } = entryOf(projectRoot);
    expect(entry).toBe(join(projectRoot, "dist-cli/kube-census.mjs"));
  });

  it.each([
    [["figures", "--format", "json"]],
    [["figure", "fig-1-1", "--format", "json"]],
    [["crosstab", "challenges", "--by", "org_size", "--format", "csv"]],
    [["landscape", "--count-by", "org", "--format", "csv"]],
    [["questions", "--format", "json"]],
  ])("%j: the same output compiled (KUBE_CENSUS_CLI=compiled) and from src/", async (args) => {
    const compiled = await bin(projectRoot, args, "compiled");
    const source = await bin(projectRoot, args, "source");
    expect(compiled.stdout.length).toBeGreaterThan(0);
    expect(compiled.stdout).toBe(source.stdout);
    expect(compiled.stderr).toBe(source.stderr);
  });

  it("with KUBE_CENSUS_CLI unset and a fresh compile: no word on stderr", async () => {
    const { stdout, stderr } = await bin(projectRoot, ["figures"], undefined);
    expect(stdout).toContain("fig-1-1");
    expect(stderr).toBe("");
  });
});

describe("a checkout with no compile (a fresh clone before npm ci's prepare)", () => {
  it("runs src/ through tsx, saying why once; KUBE_CENSUS_CLI=compiled refuses", async () => {
    // A copy of bin/ beside links to the real src/, data/ and node_modules/, and no dist-cli/.
    const root = join(dir, "clone");
    await cp(join(projectRoot, "bin"), join(root, "bin"), { recursive: true });
    for (const d of ["src", "data", "node_modules"])
      await symlink(join(projectRoot, d), join(root, d));
    const { stdout, stderr } = await bin(root, ["figures"], undefined);
    expect(stdout).toContain("fig-1-1");
    expect(stderr).toBe(
      "kube-census: dist-cli/ has no compile (npm run compile); running src/ through tsx.\n",
    );
    await expect(bin(root, ["figures"], "compiled")).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining("KUBE_CENSUS_CLI=compiled, but dist-cli/ has no compile"),
    });
    await expect(bin(root, ["figures"], "tsx")).rejects.toMatchObject({ code: 2 });
  });
});
