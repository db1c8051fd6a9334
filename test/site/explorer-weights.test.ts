import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ExplorerWeighting } from "../../src/site/explorer-format.ts";
import { respondentWeights, weightCodes, WeightSum } from "../../src/site/explorer-weights.ts";
import { readWeightings, readYearsWeightings } from "../../src/site/weightings.ts";
import { effectiveBase, weightedShare } from "../../src/survey/weights.ts";
import { effectiveCount } from "../../src/survey/crosstab-assembly.ts";

describe("weights in the explorer", () => {
  it("codes each respondent's weight as an index into the distinct values, exactly", () => {
    const third = 1 / 3;
    const { values, codes } = weightCodes(
      [10, 11, 12, 13],
      new Map([
        [10, third],
        [12, 2.5],
        [13, third],
      ]),
    );
    expect(values).toEqual([third, 2.5]);
    expect(codes).toEqual([0, -1, 1, 0]);
    // JSON keeps a double exactly: the page reads the weights the build computed
    expect(JSON.parse(JSON.stringify(values))[0]).toBe(third);
  });

  it("gives the weighted year's respondents their part's weight, everyone else 1", () => {
    const part = (values: number[], codes: number[]) => ({
      values,
      codes,
      iterations: 1,
      converged: true,
      maxDeviation: 0,
      trimmed: 0,
      unknown: 0,
      n: codes.length,
      nEff: 1,
      designEffect: 1,
      margins: [],
    });
    const weighting: ExplorerWeighting = {
      id: "x",
      label: "x",
      description: "x",
      year: 2022,
      target: 2019,
      by: ["size"],
      // respondents 2, 3, 4 are the year's; 3 is in the panel part, 2 and 4 in the community's
      first: 2,
      parts: {
        all: part([0.5, 2], [0, 1, 0]),
        community: part([0.8, 1.2], [0, -1, 1]),
        panel: part([1], [-1, 0, -1]),
      },
    };
    expect([...respondentWeights(weighting, 6, () => "all")]).toEqual([1, 1, 0.5, 2, 0.5, 1]);
    const byPart = respondentWeights(weighting, 6, (r) => (r === 3 ? "panel" : "community"));
    expect([...byPart]).toEqual([1, 1, 0.8, 1, 1.2, 1]);
    // a respondent outside the part chosen has no weight: NaN, never a silent 1
    expect(respondentWeights(weighting, 6, () => "community")[3]).toBeNaN();
  });

  it("gives the assembly weighted sums it turns into an effective count and base", () => {
    // four respondents, weights 1, 1, 2, 4; the last two chose the row
    const weights = [1, 1, 2, 4];
    const base = new WeightSum();
    for (const w of weights) base.add(w);
    // worked by hand: Σw = 8, Σw² = 22, n_eff = 64/22; share = 6/8
    expect(base.sum).toBe(8);
    expect(base.nEff).toBeCloseTo(64 / 22, 12);
    expect(base.nEff).toBeCloseTo(effectiveBase(weights), 12);
    // the explorer's cell as crosstab --weight's: people counted, and the sums beside them
    const cell = effectiveCount({
      year: 2022,
      column: "A",
      option: "x",
      level: null,
      n: 4,
      count: 2,
      weighted_n: base.sum,
      weighted_sq: base.squares,
      weighted_count: 6,
    });
    expect(cell.n).toBeCloseTo(64 / 22, 12);
    expect(cell.count / cell.n).toBeCloseTo(0.75, 12);
    // the same share and n_eff as `kube-census weights` (weightedShare)
    const cli = weightedShare(weights, [false, false, true, true]);
    expect(cell.count / cell.n).toBeCloseTo(cli.share, 12);
    expect(cell.n).toBeCloseTo(cli.nEff, 12);
  });

  it("reads the offered weightings from YAML and refuses a bad one by file and entry", async () => {
    const dir = await mkdtemp(join(tmpdir(), "weightings-"));
    try {
      const file = join(dir, "w.yml");
      const entry = (id: string, year = 2022) =>
        `  - {id: ${id}, label: L, description: D, year: ${year}, target: 2019, by: [org_size]}\n`;
      await writeFile(file, `weightings:\n${entry("a")}`);
      expect((await readWeightings(file)).map((w) => w.id)).toEqual(["a"]);
      await writeFile(file, `weightings:\n${entry("a")}${entry("a")}`);
      await expect(readWeightings(file)).rejects.toThrow(/weightings\[1\] repeats the id "a"/);
      await writeFile(file, `weightings:\n${entry("a", 2019)}`);
      await expect(readWeightings(file)).rejects.toThrow(/weights 2019 to its own mix/);
      await writeFile(file, `weightings:\n  - {id: A B, label: L}\n`);
      await expect(readWeightings(file)).rejects.toThrow(/w\.yml: \d+ invalid value/);
      // the Distributions page's list: optional (none offered), ids unique, no year of its own
      await writeFile(file, `weightings:\n${entry("a")}`);
      expect(await readYearsWeightings(file)).toEqual([]);
      const years = (id: string) =>
        `  - {id: ${id}, label: L, description: D, target: 2019, by: [org_size, region]}\n`;
      await writeFile(file, `weightings: []\ndistributions:\n${years("x")}${years("x")}`);
      await expect(readYearsWeightings(file)).rejects.toThrow(
        /distributions\[1\] repeats the id "x"/,
      );
      await writeFile(
        file,
        `weightings: []\ndistributions:\n${years("x").replace("}", ", year: 2022}")}`,
      );
      await expect(readYearsWeightings(file)).rejects.toThrow(/w\.yml: \d+ invalid value/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("ships a valid definition", async () => {
    const [first] = await readWeightings();
    expect(first).toMatchObject({ year: 2022, target: 2019, by: ["org_size", "region"] });
    const [years] = await readYearsWeightings();
    expect(years).toMatchObject({ id: "to-2019", target: 2019, by: ["org_size", "region"] });
  });
});
