import { describe, expect, it } from "vitest";
import { readTargetsFile } from "../../src/survey/weights-targets.ts";
import { fixture } from "../support/fixtures.ts";

describe("weighting targets from a YAML file", () => {
  it("reads a question's cells and scales rounded shares to sum to 1", async () => {
    const [region, ...rest] = await readTargetsFile(fixture("weights/region-2019.yml"));
    expect(rest).toEqual([]);
    expect(region!.variable).toBe("region");
    expect(region!.targets["Europe"]).toBeCloseTo(0.386 / 1.001, 12);
    expect(Object.values(region!.targets).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
  });

  it("refuses percentages, naming the file and the field", async () => {
    await expect(readTargetsFile(fixture("weights/percent.yml"))).rejects.toThrow(
      /percent\.yml: 2 invalid value\(s\):\n {2}field "region\.North America": .*1/,
    );
  });

  it("refuses a cell the harmonised cells do not name, listing them", async () => {
    await expect(readTargetsFile(fixture("weights/unknown-cell.yml"))).rejects.toThrow(
      /unknown-cell\.yml: region has no weighting cell "Asia" \(cells: Europe, North America, Asia-Pacific, Africa and Latin America\)/,
    );
  });

  it("refuses shares that leave a cell out", async () => {
    await expect(readTargetsFile(fixture("weights/short.yml"))).rejects.toThrow(
      /short\.yml: the shares of region sum to 0\.7610, not 1/,
    );
  });

  it("names a missing file", async () => {
    await expect(readTargetsFile(fixture("weights/none.yml"))).rejects.toThrow(
      /none\.yml: cannot read the weighting targets/,
    );
  });
});
