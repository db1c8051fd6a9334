import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCodebook } from "../../src/ingest/codebook/codebook.ts";

/** A one-question codebook folder holding `yaml` as q.yml. */
async function codebook(yaml: string) {
  const dir = await mkdtemp(join(tmpdir(), "kc-cells-codebook-"));
  await writeFile(join(dir, "q.yml"), yaml);
  return dir;
}

const question = (type: string, cells: string) => `id: q
label: Q
type: ${type}
options: ["<10", "10 or less", 10-49, "11-50", 50+]
weighting_cells:
${cells}
years:
  2019: { question: How many? }
`;

describe("the codebook's weighting cells", () => {
  it("loads each cell's options, cells in order", async () => {
    const [q] = await loadCodebook(
      await codebook(
        question(
          "single",
          '  small: ["<10", "10 or less"]\n  middle: [10-49, "11-50"]\n  big: [50+]',
        ),
      ),
    );
    expect(q!.weighting_cells).toEqual({
      small: ["<10", "10 or less"],
      middle: ["10-49", "11-50"],
      big: ["50+"],
    });
  });

  it("names an unknown option, an option in two cells, and an empty cell, with the file", async () => {
    const err = await loadCodebook(
      await codebook(question("single", '  small: ["<10", "9"]\n  middle: ["<10", 10-49]')),
    ).catch((e: Error) => e.message);
    expect(err).toContain('q.yml: weighting_cells."small": "9" is not one of its options');
    expect(err).toContain('weighting_cells: "<10" is in "small" and "middle"; put it in one');
    const empty = await loadCodebook(await codebook(question("single", "  none: []"))).catch(
      (e: Error) => e.message,
    );
    expect(empty).toContain("weighting_cells.none: Too small");
  });

  it("refuses cells on a question that cannot weight (not single-choice)", async () => {
    const err = await loadCodebook(await codebook(question("multi", '  small: ["<10"]'))).catch(
      (e: Error) => e.message,
    );
    expect(err).toContain("weighting_cells: only a single-choice question can weight");
  });
});
