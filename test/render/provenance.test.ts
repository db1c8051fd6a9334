import { readFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { FIGURE_COLUMNS, figureCsv } from "../../src/render/figure-csv.ts";
import {
  provenanceJson,
  viewProvenance,
  type SiteProvenance,
} from "../../src/render/provenance.ts";
import type { FigureRow } from "../../src/survey/figure.ts";
import { fixture } from "../support/fixtures.ts";

const site = async (): Promise<SiteProvenance> =>
  JSON.parse(await readFile(fixture("provenance/site-provenance.json"), "utf8"));

const row: FigureRow = {
  year: 2019,
  segment: "all",
  category: "Ceph",
  n: 1149,
  answered: null,
  count: 166,
  share: 0.1445,
  ci_low: 0.1254,
  ci_high: 0.166,
  source: "computed",
  sample: "all",
  notes: [],
} as FigureRow;

describe("a download's provenance sidecar", () => {
  it("says what the file holds, then where it came from, in a fixed order", async () => {
    const p = viewProvenance(await site(), {
      file: "fig-2-3_2019.csv",
      view: { kind: "figure", id: "fig-2-3", title: "Storage" },
      questions: ["storage"],
      universe: "Kubernetes users",
      base: [{ year: 2019, segment: "all", n: 1149 }],
      sample: "all",
      years: [2019],
      sources: ["survey-2019"],
    });
    expect(Object.keys(p)).toEqual([
      "file",
      "view",
      "questions",
      "universe",
      "base",
      "sample",
      "years",
      "sources",
      "tool",
      "database",
    ]);
    // Only the years shown: 2019's wording, not 1H 2020's.
    expect(p.questions).toEqual([
      {
        id: "storage",
        label: "Cloud native storage projects",
        wording: [{ year: 2019, text: expect.stringMatching(/^Please indicate/) }],
      },
    ]);
    // The source as pinned, sha256 and commit copied exactly.
    expect(p.sources).toEqual([
      {
        id: "survey-2019",
        file: "cncf-surveys/Cloud_Native_Survey_2019.csv",
        url: "https://example.invalid/2019.csv",
        commit: "1111111111111111111111111111111111111111",
        sha256: "a".repeat(64),
        bytes: 10,
        license: "Apache-2.0",
      },
    ]);
    expect(p.tool).toEqual({ name: "kube-census", version: "0.0.0-test" });
    expect((p.database as { sha256: string }).sha256).toMatch(/^0+1$/);
  });

  it("carries a wording with quotes, commas and a line break intact, as JSON", async () => {
    const text = provenanceJson(await site(), {
      file: "x.csv",
      view: { kind: "figure", title: "x" },
      questions: ["storage"],
      years: [2020],
    });
    expect(text.endsWith("}\n")).toBe(true);
    const parsed = JSON.parse(text);
    expect(parsed.questions[0].wording[0].text).toBe(
      'Storage, as worded in 1H 2020 ("quotes", commas, and a line\nbreak).',
    );
    // Without a list of sources, all of them.
    expect(parsed.sources.map((s: { id: string }) => s.id)).toEqual(["survey-2019", "survey-2020"]);
  });

  it("refuses a question or source the provenance does not hold, naming it", async () => {
    const view = { file: "x.csv", view: { kind: "figure", title: "x" } };
    expect(() => viewProvenance(site0, { ...view, questions: ["nope"] })).toThrow(
      /question "nope"/,
    );
    expect(() => viewProvenance(site0, { ...view, sources: ["survey-1999"] })).toThrow(
      /source "survey-1999".*rebuild the site data/,
    );
  });

  it("leaves the CSV a plain table: csv-parse reads its header as the first record", () => {
    const csv = figureCsv([row]);
    const records = parse(csv) as string[][];
    expect(records[0]).toEqual(FIGURE_COLUMNS);
    expect(records[1]!.slice(0, 7)).toEqual(["2019", "all", "Ceph", "1149", "", "166", "0.1445"]);
    // Why no `# key: value` block in the file: read as is, its first record is the comment, one
    // field wide, and the header becomes the second row (as a spreadsheet shows it too).
    const withBlock = parse(`# tool: kube-census 0.1.0\n${csv}`, {
      relax_column_count: true,
    }) as string[][];
    expect(withBlock[0]).toEqual(["# tool: kube-census 0.1.0"]);
    expect(withBlock[1]).toEqual(FIGURE_COLUMNS);
  });
});

const site0: SiteProvenance = {
  tool: { name: "kube-census", version: "0" },
  database: { sha256: "0", method: "" },
  sources: [],
  questions: [],
};
