import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.ts";
import { fixtureDatabase } from "../support/databases.ts";
import { fixture } from "../support/fixtures.ts";

/** What `weights` refuses before it opens the database: exit 2, the reason and the usage. */
const refused = async (args: string[]) => {
  const e = (await runCli(["weights", ...args], fixtureDatabase).then(
    () => null,
    (err: unknown) => err,
  )) as { code: number; stderr: string } | null;
  expect(e).not.toBeNull();
  expect(e!.code).toBe(2);
  expect(e!.stderr).toMatch(/Usage: kube-census weights/i);
  return e!.stderr;
};

describe("kube-census weights: arguments", () => {
  it("needs a year's weighting variables", async () => {
    expect(await refused(["k8s_use", "--year", "2022", "--weight", "2019"])).toMatch(
      /--weight-by <question,…> is required with a year's targets/,
    );
  });
  it("needs floor,cap for --trim", async () => {
    expect(
      await refused([
        "k8s_use",
        "--year",
        "2022",
        "--weight",
        fixture("weights/region-2019.yml"),
        "--trim",
        "3",
      ]),
    ).toMatch(/--trim "3": give floor,cap as multiples of the mean weight/);
  });
  it("needs --year and --weight", async () => {
    expect(await refused(["k8s_use", "--weight", "2019"])).toMatch(/--year <year> is required/);
    expect(await refused(["k8s_use", "--year", "2022"])).toMatch(
      /--weight <year\|file> is required/,
    );
  });
});
