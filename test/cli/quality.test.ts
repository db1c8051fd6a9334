import { describe, expect, it } from "vitest";
import { commandUsage } from "../../src/cli/commands.ts";
import { QUALITY_CHECK_NAMES, QUALITY_CHECKS } from "../../src/survey/quality.ts";
import { runCli } from "../support/cli.ts";
import { fixtureDatabase } from "../support/databases.ts";

const cli = (...args: string[]) => runCli(args, fixtureDatabase);

describe("kube-census quality", () => {
  it.each([
    [
      ["quality", "--check", "speediness"],
      "invalid --check for quality: speediness (use straight-lining, breadth,",
    ],
    [["quality", "--by", "org_size"], "invalid --by for quality: org_size (use region)"],
    [["quality", "--format", "csv"], "a CSV holds one table; name the check with --check"],
    [["quality", "--year", "2017"], "no survey year 2017; the years are 2019"],
    [["quality", "extra"], 'quality: unexpected argument "extra"'],
  ])("%j is refused with exit 2, naming what to give", async (args, message) => {
    await expect(cli(...args)).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining(message),
    });
  });

  it("documents every check it runs, and only those", () => {
    const help = commandUsage("quality");
    expect(help.match(/--check <([^>]+)>/)![1]!.split("|")).toEqual([...QUALITY_CHECK_NAMES]);
    expect(Object.keys(QUALITY_CHECKS)).toEqual([...QUALITY_CHECK_NAMES]);
  });

  it("prints every check as JSON with its description, rows and notes", async () => {
    const out = JSON.parse((await cli("quality", "--format", "json")).stdout);
    expect(Object.keys(out.checks)).toEqual(QUALITY_CHECK_NAMES);
    for (const name of QUALITY_CHECK_NAMES) expect(out.checks[name].description).toBeTruthy();
    // The fixture export (2019) lists challenges over 5 options; every row states its n.
    const challenges = out.checks.breadth.rows.find(
      (r: { question: string }) => r.question === "challenges",
    );
    expect(challenges).toMatchObject({ year: 2019, sample: "all", listed: 5 });
    expect(challenges.n).toBeGreaterThan(0);
    expect(out.checks.speed.rows).toEqual([]);
    expect(out.notes.join(" ")).toContain("No completion times in the exports of 2019");
    expect(out.notes.join(" ")).toContain("bad faith");
  });

  it("writes one check as CSV, split by region on request", async () => {
    const { stdout } = await cli(
      "quality",
      "--check",
      "nonresponse",
      "--by",
      "region",
      "--format",
      "csv",
    );
    const [header, ...lines] = stdout.trim().split("\n");
    expect(header).toBe(
      "year,sample,region,question,position,reached,answered,share_answered,stopped,share_stopped",
    );
    expect(lines.length).toBeGreaterThan(0);
  });
});
