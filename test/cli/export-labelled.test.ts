import { mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { fixtureDatabase } from "../support/databases.ts";
import { runCli } from "../support/cli.ts";

/** `export --labelled` on the fixture database (8 respondents of the 2019 export): the CLI's side. */

type Failure = { code: number; stderr: string };
const fails = (args: string[]) =>
  runCli(args, fixtureDatabase).then(
    () => {
      throw new Error(`expected ${args.join(" ")} to fail`);
    },
    (e: Failure) => e,
  );

describe("export --labelled", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "kc-labelled-cli-"));
  });

  it.each([
    [["--year", "2019"], "--year belongs to --labelled"],
    [["--labelled"], "--labelled needs --year <year>"],
    [["--labelled", "--year", "19"], "--labelled needs --year <year>"],
    [["--labelled", "--year", "2019", "--format", "csv"], "leave --format out"],
    [
      ["--labelled", "--year", "2019", "--weight-by", "region"],
      "--weight-by needs --weight <year|file>",
    ],
    [["--labelled", "--year", "2019", "--weight", "2019"], "--weight-by <question,…> is required"],
    [
      [
        "--labelled",
        "--year",
        "2019",
        "--weight",
        "2019",
        "--weight-by",
        "region",
        "--trim",
        "2,1",
      ],
      '--trim "2,1"',
    ],
  ])("refuses %j with exit status 2 and the usage", async (args, message) => {
    const e = await fails(["export", ...args, "--out", join(dir, "refused")]);
    expect(e.code).toBe(2);
    expect(e.stderr).toContain(message);
    expect(e.stderr).toContain("Usage: kube-census export");
    await expect(readdir(join(dir, "refused"))).rejects.toThrow(/ENOENT/);
  });

  it("writes the Parquet, the CSV and the three syntax files, and replaces its own export", async () => {
    const out = join(dir, "labelled");
    await runCli(["export", "--labelled", "--year", "2019", "--out", out], fixtureDatabase);
    const files = (await readdir(out)).sort();
    expect(files).toEqual([
      ".kube-census-export.json",
      "respondents_2019.R",
      "respondents_2019.csv",
      "respondents_2019.do",
      "respondents_2019.parquet",
      "respondents_2019.sps",
    ]);
    const csv = await readFile(join(out, "respondents_2019.csv"), "utf8");
    expect(csv.trimEnd().split("\n")).toHaveLength(1 + 8);
    // Run again: the folder holds only what the first run wrote, so it is replaced.
    await runCli(["export", "--labelled", "--year", "2019", "--out", out], fixtureDatabase);
    expect(await readFile(join(out, "respondents_2019.csv"), "utf8")).toBe(csv);
  });

  it("never replaces a folder holding a file of the user's, and names it", async () => {
    const out = join(dir, "mine");
    await mkdir(out);
    await writeFile(join(out, "notes.txt"), "mine");
    const e = await fails(["export", "--labelled", "--year", "2019", "--out", out]);
    expect(e.code).toBe(1);
    expect(e.stderr).toMatch(/is not an earlier export.*"notes\.txt"/);
    expect(await readFile(join(out, "notes.txt"), "utf8")).toBe("mine");
  });

  it("weights with a targets file, the weight column carrying what it was raked to", async () => {
    const out = join(dir, "weighted");
    const targets = join(dir, "org-size.yml");
    // The fixture's 8 respondents answered every one of the five harmonised size cells.
    await writeFile(
      targets,
      "org_size:\n  under 100: 0.3\n  100-499: 0.2\n  500-999: 0.1\n  1000-4999: 0.2\n  5000+: 0.2\n",
    );
    const { stderr } = await runCli(
      ["export", "--labelled", "--year", "2019", "--out", out, "--weight", targets],
      fixtureDatabase,
    );
    expect(stderr).toMatch(/weighted: 2019 raked to the targets in org-size\.yml on org_size/);
    const sps = await readFile(join(out, "respondents_2019.sps"), "utf8");
    expect(sps).toContain("WEIGHT BY weight.");
    const r = await readFile(join(out, "respondents_2019.R"), "utf8");
    expect(r).toContain("survey::svydesign(ids = ~1, weights = ~weight, data = respondents_2019)");
    const dofile = await readFile(join(out, "respondents_2019.do"), "utf8");
    expect(dofile).toContain("svyset [pweight=weight]");
  });
});
