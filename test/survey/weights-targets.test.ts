import { describe, expect, it } from "vitest";
import { readTargetsFile } from "../../src/survey/weights-targets.ts";
import { loadWeightingCells, weightingCell } from "../../src/survey/weighting-cells.ts";
import { noRealData, realDatabase, withDatabase } from "../support/databases.ts";
import { fixture } from "../support/fixtures.ts";

/** The codebook's weighting cells as the real database stored them at ingest. */
const cells = () => withDatabase(realDatabase, (_, db) => loadWeightingCells(db.conn));

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

  it.skipIf(noRealData)(
    "refuses a cell the codebook's weighting cells do not name, listing them",
    async () => {
      await expect(
        readTargetsFile(fixture("weights/unknown-cell.yml"), await cells()),
      ).rejects.toThrow(
        /unknown-cell\.yml: region has no weighting cell "Asia" \(cells: Europe, North America, Asia-Pacific, Africa and Latin America\)/,
      );
    },
  );

  it.skipIf(noRealData)(
    "reads the weighting cells the codebook states, through the database",
    async () => {
      const map = await cells();
      expect([...map.keys()]).toEqual(["org_size", "region"]);
      expect([...map.get("org_size")!.keys()]).toEqual([
        "under 100",
        "100-499",
        "500-999",
        "1000-4999",
        "5000+",
      ]);
      // 2019's and 2022's recut buckets land in the same cells; a question without cells keeps its answer.
      expect(weightingCell(map, "org_size", "10-49")).toBe("under 100");
      expect(weightingCell(map, "org_size", "11-50")).toBe("under 100");
      expect(weightingCell(map, "org_size", "20,000 or more")).toBe("5000+");
      expect(weightingCell(map, "region", "China")).toBe("Asia-Pacific");
      expect(
        weightingCell(map, "region", "Mexico, Central America, the Caribbean, or South America"),
      ).toBe("Africa and Latin America");
      expect(weightingCell(map, "org_size", "Don't know or not sure")).toBeNull();
      expect(weightingCell(map, "job_function", "Developer")).toBe("Developer");
    },
  );

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
