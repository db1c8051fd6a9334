import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCodebook } from "../../src/ingest/codebook/codebook.ts";

/** A one-question codebook folder holding `yaml` as q.yml. */
async function codebook(yaml: string) {
  const dir = await mkdtemp(join(tmpdir(), "kc-nets-codebook-"));
  await writeFile(join(dir, "q.yml"), yaml);
  return dir;
}

const single = (nets: string) => `id: q
label: Q
type: single
options: ["1", 2-5, 6-10]
nets:
${nets}
years:
  2019: { question: How many? }
`;

describe("the codebook's nets", () => {
  it("loads a net's members in order", async () => {
    const [q] = await loadCodebook(await codebook(single('  ">1": [2-5, 6-10]')));
    expect(q!.nets).toEqual({ ">1": ["2-5", "6-10"] });
  });

  it("refuses an empty net (the schema, before members are checked)", async () => {
    const err = await loadCodebook(
      await codebook(single('  big: [6-10, "11-20"]\n  2-5: ["1"]\n  none: []')),
    ).catch((e: Error) => e.message);
    expect(err).toContain("nets.none: Too small");
    expect(err).not.toContain("nets.big");
  });

  it("names each problem with the file", async () => {
    const err = await loadCodebook(
      await codebook(single('  big: [6-10, "11-20"]\n  2-5: ["1"]')),
    ).catch((e: Error) => e.message);
    expect(err).toContain('q.yml: nets."big": "11-20" is not one of its options');
    expect(err).toContain('nets."2-5": the name is one of its options; name the net otherwise');
  });

  it("a matrix's nets group its levels", async () => {
    const yaml = `id: q
label: Q
type: matrix
options: [Ceph]
levels: { Using in production: [], Evaluating: [], N/A: [] }
nets:
  using or evaluating: [Using in production, Evaluating]
  wrong: [Ceph]
years:
  2019: { question: Storage? }
`;
    const err = await loadCodebook(await codebook(yaml)).catch((e: Error) => e.message);
    expect(err).toContain('nets."wrong": "Ceph" is not one of its levels');
    expect(err).not.toContain("using or evaluating");
  });
});
