import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { K8S_USERS } from "../../src/survey/universes.ts";
import { projectRoot } from "../../src/paths.ts";
import { runCli } from "../support/cli.ts";
import { noRealData, realDatabase, withRealDatabase } from "../support/databases.ts";

/** A fresh folder under the system's temp folder, removed after the file's tests. */
const made: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "kc-tabs-real-"));
  made.push(dir);
  return dir;
}
afterAll(() => Promise.all(made.map((d) => rm(d, { recursive: true, force: true }))));

const example = (name: string) => join(projectRoot, "examples/plans", name);

describe.skipIf(noRealData)("the example tab plans on the real exports", () => {
  let out: string;
  beforeAll(async () => {
    out = join(await tempDir(), "book");
    await runCli(["tabs", example("book.yml"), "--out", out], realDatabase);
  });

  it("book.yml: >5 clusters among 2019 Kubernetes users is fig-1-2's count (plain SQL)", async () => {
    const json = JSON.parse(await readFile(join(out, "clusters-by-year.json"), "utf8"));
    const net = json.crosstab.rows.find(
      (c: { year: number; option: string }) => c.year === 2019 && c.option === ">5 clusters",
    );
    const [direct] = await withRealDatabase((query) =>
      query(`
        WITH ${K8S_USERS}
        SELECT count(*)::INTEGER AS n,
          count(*) FILTER (WHERE cluster_group = 'more than 5 clusters')::INTEGER AS count
        FROM k8s_users WHERE year = 2019`),
    );
    expect([net.n, net.count]).toEqual([direct!.n, direct!.count]);
    expect([net.n, net.count]).toEqual([1197, 468]);
  });

  it("book.yml: every table has cells, a CSV, a JSON and a sheet", async () => {
    const index = JSON.parse(await readFile(join(out, "index.json"), "utf8"));
    const files = await readdir(out);
    expect(index.tables).toHaveLength(4);
    for (const t of index.tables) {
      expect(t.cells, t.name).toBeGreaterThan(0);
      for (const f of t.files) expect(files, t.name).toContain(f.split("#")[0]);
    }
  });

  it("weighted-2022.yml: every table passes the cross-tab's and the weights command's checks", async () => {
    const dir = join(await tempDir(), "w");
    try {
      await runCli(["tabs", example("weighted-2022.yml"), "--out", dir], realDatabase);
    } catch (e) {
      // all four tables were validated first; the first weighted one is refused until the
      // cross-tab weights (crosstab --weight)
      expect((e as { stderr: string }).stderr).toContain(
        `tables[1] ("k8s-use-weighted"), field "weight": this build's cross-tab does not weight`,
      );
      return;
    }
    const index = JSON.parse(await readFile(join(dir, "index.json"), "utf8"));
    expect(index.tables.map((t: { weight: unknown }) => t.weight !== null)).toEqual([
      false,
      true,
      true,
      true,
    ]);
  });
});
