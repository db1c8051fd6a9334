import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMMANDS, commandUsage, overallUsage, parserOptions } from "../../src/cli/commands.ts";
import { runCli } from "../support/cli.ts";
import { fixtureDatabase, noRealData, realDatabase } from "../support/databases.ts";

const cli = (...args: string[]) => runCli(args, fixtureDatabase);
const refused = (message: string | RegExp) => ({
  code: 2,
  stderr:
    typeof message === "string" ? expect.stringContaining(message) : expect.stringMatching(message),
});

describe("each command takes its own arguments and options, and nothing else", () => {
  it.each([
    [["figure", "fig-1-1", "extra"], 'figure: unexpected argument "extra"'],
    [["figures", "fig-1-1"], "figures takes no arguments"],
    [["verify", "--year", "2019"], "verify: unknown option --year"],
    [["figures", "--by", "org_size"], "figures: unknown option --by"],
    [["landscape", "--out", "x"], "landscape: unknown option --out"],
    [
      ["crosstab", "challenges", "--by", "org_size", "--segment", "all"],
      "unknown option --segment",
    ],
    [["questions", "--coverage", "--svg", "x.svg"], "questions: unknown option --svg"],
    [["export", "--format", "json", "--out", "x"], "invalid --format for export: json"],
    [["figure", "fig-1-1", "--format", "parquet"], "invalid --format for figure: parquet"],
    [["kubectl"], "unknown command: kubectl"],
    [["landscape", "extra"], 'landscape: unexpected argument "extra"'],
    [["figure", "fig-1-1", "--segment", "all", "--segment", "x"], "--segment given 2 times"],
    [["crosstab", "challenges", "--by", "org_size", "--by", "year"], "--by given 2 times"],
    [["questions", "--coverage", "--coverage"], "--coverage given 2 times"],
    [["landscape", "--org", "a", "--org", "b"], "--org given 2 times"],
    [["figure", "fig-1-1", "--year", ""], "figure: --year is empty"],
    [["figure", "fig-1-1", "--segment", ""], "figure: --segment is empty"],
    [["figure", "fig-1-1", "--svg", ""], "figure: --svg is empty"],
    [["figure", "fig-1-1", "--png", ""], "figure: --png is empty"],
    [["questions", "--png", "x.png"], "questions: unknown option --png"],
    [["crosstab", "challenges", "--by", "org_size", "--where", " "], "crosstab: --where is empty"],
  ])("%j is refused with exit 2 and the command's usage", async (args, message) => {
    const run = cli(...args);
    await expect(run).rejects.toMatchObject(refused(message));
    const { stderr } = await run.catch((e: { stderr: string }) => e);
    expect(stderr).toContain(
      COMMANDS[args[0]!] ? `Usage: kube-census ${args[0]}` : "Usage: kube-census <command>",
    );
  });

  describe("a command that takes no arguments does nothing with one", () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), "kc-args-"));
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    it("ingest /path: refused before anything is read or written", async () => {
      const database = join(dir, "census.duckdb");
      await expect(
        runCli(["ingest", "/path"], database, { KUBE_CENSUS_RAW: join(dir, "raw") }),
      ).rejects.toMatchObject(
        refused('ingest: unexpected argument "/path" (ingest takes no arguments)'),
      );
      expect(existsSync(database)).toBe(false);
    });
  });

  it("still accepts every option it documents", async () => {
    const { stdout } = await cli(
      "figure",
      "fig-1-1",
      "--year",
      "2019",
      "--segment",
      "all",
      "--sample",
      "all",
      "--format",
      "json",
    );
    expect(JSON.parse(stdout).rows.map((r: { year: number }) => r.year)).toEqual([2019]);
    const crosstab = await cli(
      "crosstab",
      "challenges",
      "--by",
      "org_size",
      "--universe",
      "k8s-users",
      "--where",
      "k8s_clusters=2-5",
      "--year",
      "2019",
      "--format",
      "csv",
    );
    expect(crosstab.stdout.split("\n")[0]).toContain("share");
  });

  it("takes --year more than once for figure and crosstab, as a list", async () => {
    const { stdout } = await cli(
      "figure",
      "fig-1-1",
      "--year",
      "2017",
      "--year",
      "2019",
      "--format",
      "json",
    );
    expect(new Set(JSON.parse(stdout).rows.map((r: { year: number }) => r.year))).toEqual(
      new Set([2017, 2019]),
    );
    await expect(
      cli("figure", "fig-1-1", "--year", "2019", "--year", "2031"),
    ).rejects.toMatchObject({
      stderr: expect.stringContaining("fig-1-1 has no year 2031"),
    });
    const crosstab = await cli(
      "crosstab",
      "challenges",
      "--by",
      "year",
      "--year",
      "2019",
      "--year",
      "2019",
      "--format",
      "json",
    );
    expect(JSON.parse(crosstab.stdout).years).toEqual([2019]);
    expect(commandUsage("figure")).toMatch(/--year <year> +only this survey year \(repeatable\)/);
  });

  it.skipIf(noRealData)("a crosstab over two chosen years (real database)", async () => {
    const { stdout } = await runCli(
      [
        "crosstab",
        "k8s_clusters",
        "--by",
        "year",
        "--year",
        "2022",
        "--year",
        "2018",
        "--format",
        "json",
      ],
      realDatabase,
    );
    expect(JSON.parse(stdout).years).toEqual([2018, 2022]);
  });

  it("runs a query pasted with a leading -- comment line, not read as a flag", async () => {
    const { stdout } = await cli("sql", "-- how many?\nSELECT 42 AS answer", "--format", "csv");
    expect(stdout).toBe("answer\n42\n");
    const words = await cli("sql", "-- one\nSELECT", "7 AS n", "--format", "csv");
    expect(words.stdout).toBe("n\n7\n");
  });

  it("answers a 100 KB --org at once, its echo cut short", async () => {
    const started = performance.now();
    const run = cli("landscape", "--org", "a".repeat(100_000));
    await expect(run).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining("… (100000 characters)"),
    });
    const { stderr } = await run.catch((e: { stderr: string }) => e);
    expect(stderr.length).toBeLessThan(5_000);
    // 29 s before (the nearest-name search compared all 100,000 characters with every name).
    expect(performance.now() - started).toBeLessThan(10_000);
    // A "no match" line echoes a long search cut short too.
    const search = await cli("questions", "--search", "x".repeat(100_000));
    expect(search.stderr).toContain("… (100000 characters)");
    expect(search.stderr.length).toBeLessThan(500);
  });

  it("prints a command's generated usage with --help, and the overall usage without a command", async () => {
    expect((await cli("crosstab", "--help")).stdout).toBe(commandUsage("crosstab"));
    expect((await cli("help", "landscape")).stdout).toBe(commandUsage("landscape"));
    expect((await cli()).stdout).toBe(overallUsage());
  });
});

describe("the generated usage", () => {
  it("lists exactly the options the parser accepts, for every command", () => {
    for (const [name, spec] of Object.entries(COMMANDS)) {
      const usage = commandUsage(name);
      const listed = [...usage.matchAll(/^ {2}--([a-z-]+)/gm)].map((m) => m[1]);
      const accepted = Object.keys(parserOptions(spec)).filter((o) => o !== "help");
      expect(listed.sort(), name).toEqual(accepted.sort());
      expect(overallUsage(), name).toContain(`  ${name}`);
    }
  });
});
