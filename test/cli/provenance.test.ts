import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIGURE_COLUMNS } from "../../src/render/figure-csv.ts";
import { runCli } from "../support/cli.ts";
import { fixtureDatabase, withDatabase } from "../support/databases.ts";

// `figure … --provenance` and `crosstab … --provenance` write the sidecar the site's downloads
// carry, beside an unchanged CSV; checked against what the fixture database itself records.
describe("--provenance on the fixture database", () => {
  let dir: string;
  beforeAll(async () => (dir = await mkdtemp(join(tmpdir(), "kube-census-provenance-"))));
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const recorded = () =>
    withDatabase(fixtureDatabase, (q) =>
      q(`SELECT id, sha256, "commit", file FROM sources WHERE kind = 'survey' AND year = 2019`),
    );

  it("figure: the CSV keeps its header first; the sidecar names the 2019 export by its sha256", async () => {
    const path = join(dir, "fig-2-3_2019.provenance.json");
    const { stdout, stderr } = await runCli(
      ["figure", "fig-2-3", "--year", "2019", "--format", "csv", "--provenance", path],
      fixtureDatabase,
    );
    expect((parse(stdout) as string[][])[0]).toEqual(FIGURE_COLUMNS);
    expect(stderr).toContain(`wrote ${path}`);
    const p = JSON.parse(await readFile(path, "utf8"));
    expect(p.file).toBe("fig-2-3_2019.csv");
    expect(p.view).toMatchObject({ kind: "figure", id: "fig-2-3" });
    expect(p.years).toEqual([2019]);
    expect(p.questions.map((q: { id: string }) => q.id)).toContain("storage");
    const [source] = await recorded();
    expect(p.sources).toEqual([
      expect.objectContaining({
        id: source!.id,
        sha256: source!.sha256,
        commit: source!.commit,
        file: source!.file,
      }),
    ]);
    const pkg = JSON.parse(await readFile("package.json", "utf8"));
    expect(p.tool).toEqual({ name: "kube-census", version: pkg.version });
    expect(p.database.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("crosstab: filters, base and universe in the sidecar; a folder as the file is refused first", async () => {
    const path = join(dir, "crosstab.provenance.json");
    await runCli(
      [
        "crosstab",
        "storage",
        "--by",
        "org_size",
        "--year",
        "2019",
        "--where",
        "k8s_clusters=6-10",
        "--valid",
        "--format",
        "csv",
        "--provenance",
        path,
      ],
      fixtureDatabase,
    ).catch((e: { stderr: string }) => {
      throw new Error(e.stderr);
    });
    const p = JSON.parse(await readFile(path, "utf8"));
    expect(p.file).toBe("crosstab.csv");
    expect(p.view.kind).toBe("crosstab");
    expect(p.filters).toEqual([{ question: "k8s_clusters", option: "6-10", level: null }]);
    expect(p.base.id).toBe("valid");
    expect(p.questions.map((q: { id: string }) => q.id)).toEqual([
      "storage",
      "org_size",
      "k8s_clusters",
    ]);
    expect(p.sources.map((s: { id: string }) => s.id)).toEqual((await recorded()).map((s) => s.id));
    const refused = await runCli(
      ["crosstab", "storage", "--by", "org_size", "--provenance", dir],
      fixtureDatabase,
    ).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(refused?.code).not.toBe(0);
    expect(refused?.stderr).toMatch(/--provenance/);
  });
});
