import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { contentHash } from "../../src/db/content-hash.ts";
import { projectRoot } from "../../src/paths.ts";
import { FIGURE_COLUMNS } from "../../src/render/figure-csv.ts";
import { noRealData, withRealDatabase } from "../support/databases.ts";
import { useSite } from "../support/site.ts";

interface Pinned {
  id: string;
  sha256: string;
  commit: string;
  url: string;
}

/** data/sources.json as committed: what every sidecar's sha256 must equal. */
const pinned = async (): Promise<Pinned[]> =>
  JSON.parse(await readFile(join(projectRoot, "data/sources.json"), "utf8")).sources;

/** Clicks a download control and returns the file's suggested name and text. */
async function save(page: Page, control: Locator): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent("download"), control.click()]);
  return { name: file.suggestedFilename(), text: await readFile((await file.path())!, "utf8") };
}

/** A CSV and its sidecar from one `span.table-download`: the CSV's first record is its header. */
async function csvAndSidecar(page: Page, scope: Locator) {
  const csv = await save(page, scope.locator("a.csv-download").first());
  const sidecar = await save(page, scope.locator("a.provenance-download").first());
  return {
    csv: { name: csv.name, records: parse(csv.text) as string[][] },
    sidecar: { name: sidecar.name, json: JSON.parse(sidecar.text) },
  };
}

describe.skipIf(noRealData)("downloads that say what they are", () => {
  const site = useSite();

  it("a figure card's files are named after its view; the CSV's sidecar names its sources' sha256 as data/sources.json pins them", async () => {
    const { page, problems, close } = await site.visit(
      "/storage?fig-2-3.year=2019&fig-2-3.segments=storage+challenged#fig-2-3",
    );
    const card = page.locator("#fig-2-3.figure-card:not([data-prerendered])");
    await card.waitFor({ timeout: 30_000 });
    const { csv, sidecar } = await csvAndSidecar(page, card.locator(".meta"));
    const stem = "fig-2-3_2019_storage-challenged";
    expect(csv.name).toBe(`${stem}.csv`);
    expect(csv.records[0]).toEqual(FIGURE_COLUMNS);
    expect(new Set(csv.records.slice(1).map((r) => r[1]))).toEqual(new Set(["storage challenged"]));
    expect(sidecar.name).toBe(`${stem}.provenance.json`);
    const p = sidecar.json;
    expect(p.file).toBe(`${stem}.csv`);
    expect(p.view).toMatchObject({ kind: "figure", id: "fig-2-3" });
    expect(p.years).toEqual([2019]);
    expect(p.segments).toEqual(["storage challenged"]);
    expect(p.address).toContain("fig-2-3.year=2019");
    // The base of every drawn row: n = 313 storage-challenged Kubernetes users (FIG 2.3's source note).
    expect(p.base).toEqual([
      { year: 2019, segment: "storage challenged", sample: "all", n: 313, answered: 313 },
    ]);
    // The 2019 wording of the storage question, as the codebook records it for 2019.
    const wording = await withRealDatabase((q) =>
      q(`SELECT question_text FROM codebook_years WHERE question = 'storage' AND year = 2019`),
    );
    const storage = p.questions.find((q: { id: string }) => q.id === "storage");
    expect(storage.wording).toEqual([{ year: 2019, text: wording[0]!.question_text }]);
    // Sources: exactly the 2019 export, its sha256, commit and URL as pinned.
    const survey2019 = (await pinned()).find((s) => s.id === "survey-2019")!;
    expect(p.sources).toEqual([
      expect.objectContaining({
        id: "survey-2019",
        sha256: survey2019.sha256,
        commit: survey2019.commit,
        url: survey2019.url,
      }),
    ]);
    const pkg = JSON.parse(await readFile(join(projectRoot, "package.json"), "utf8"));
    expect(p.tool).toEqual({ name: "kube-census", version: pkg.version });
    // The hash of what the built site's database holds, recomputed here.
    const hash = await withRealDatabase((_, db) => contentHash(db.conn));
    expect(p.database.sha256).toBe(hash.sha256);

    // The other files of the card carry the same name.
    const vl = await save(page, card.locator("a[download$='.vl.json']"));
    expect(vl.name).toBe(`${stem}.vl.json`);
    const svg = await save(page, card.getByRole("button", { name: "Download SVG" }));
    expect(svg.name).toBe(`${stem}.svg`);
    expect(problems).toEqual([]);
    await close();
  });

  it("the explorer's CSV is named after the cross-tab; its sidecar holds the wording, filters and base", async () => {
    const { page, problems, close } = await site.visit(
      "/explorer?explorer.q=storage&explorer.by=org_size&explorer.year=2020&explorer.universe=respondents&explorer.where=k8s_clusters%3D6-10&explorer.valid=1",
    );
    const scope = page.locator("#explorer .table-download");
    await scope.waitFor({ timeout: 60_000 });
    const { csv, sidecar } = await csvAndSidecar(page, scope);
    expect(csv.name).toBe(
      "crosstab_storage_by_org_size_1H-2020_respondents_valid_where-k8s_clusters-6-10.csv",
    );
    // The CLI's crosstab CSV columns: the year, then the survey's name for it (1H 2020).
    expect(csv.records[0]!.slice(0, 3)).toEqual(["year", "survey", "column"]);
    expect(sidecar.name).toBe(csv.name.replace(/\.csv$/, ".provenance.json"));
    const p = sidecar.json;
    expect(p.filters).toEqual([{ question: "k8s_clusters", option: "6-10", level: null }]);
    expect(p.base.id).toBe("valid");
    expect(p.years).toEqual([2020]);
    expect(p.questions.map((q: { id: string }) => q.id)).toEqual([
      "storage",
      "org_size",
      "k8s_clusters",
    ]);
    const survey2020 = (await pinned()).find((s) => s.id === "survey-2020")!;
    expect(p.sources).toEqual([
      expect.objectContaining({ id: "survey-2020", sha256: survey2020.sha256 }),
    ]);
    expect(problems).toEqual([]);
    await close();
  });

  it("the landscape, 2020 stack and scorecard CSVs are named after the view, each with its sidecar", async () => {
    const sources = await pinned();
    {
      const { page, problems, close } = await site.visit(
        "/landscape?landscape.at=2026-08-07&landscape.maturity=graduated&landscape.q=mesh",
      );
      const scope = page.locator("#landscape-explorer p.download");
      await expect
        .poll(() => page.locator("#landscape-explorer p.summary").textContent(), {
          timeout: 60_000,
        })
        .toContain("2026-08-07");
      const { csv, sidecar } = await csvAndSidecar(page, scope);
      expect(csv.name).toBe("landscape_2026-08-07_graduated_search-mesh.csv");
      expect(csv.records[0]).toEqual(expect.arrayContaining(["name", "maturity"]));
      expect(sidecar.json.filters).toEqual({ maturity: "graduated", search: "mesh" });
      const snapshot = sources.find((s) => (s as { snapshot?: string }).snapshot === "2026-08-07")!;
      expect(sidecar.json.sources).toEqual([
        expect.objectContaining({ id: snapshot.id, sha256: snapshot.sha256 }),
      ]);
      expect(problems).toEqual([]);
      await close();
    }
    {
      const { page, problems, close } = await site.visit("/stack-today");
      await page.waitForSelector("#stack-today h3", { timeout: 30_000 });
      const { csv, sidecar } = await csvAndSidecar(page, page.locator(".table-download"));
      expect(csv.name).toBe("stack-today_all-kinds.csv");
      expect(csv.records[0]!.slice(0, 3)).toEqual(["source", "layer", "book_name"]);
      expect(sidecar.name).toBe("stack-today_all-kinds.provenance.json");
      // The two snapshots compared: the one in force at the book (2020-07-31) and the newest; and
      // the processed 2020-07-31 file the GitHub columns come from.
      expect(sidecar.json.sources.map((s: { id: string }) => s.id).length).toBe(3);
      for (const s of sidecar.json.sources)
        expect(s.sha256).toBe(sources.find((x) => x.id === s.id)!.sha256);
      expect(problems).toEqual([]);
      await close();
    }
    {
      const { page, problems, close } = await site.visit("/scorecard");
      await page.waitForSelector("table.scorecard tbody tr", { timeout: 30_000 });
      await page.selectOption('select[aria-label="Status"]', "not reproduced");
      await expect
        .poll(() =>
          page.locator("table.scorecard tbody tr:not(:has(td.status-not-reproduced))").count(),
        )
        .toBe(0);
      const { csv, sidecar } = await csvAndSidecar(page, page.locator(".scorecard-view"));
      expect(csv.name).toBe("scorecard_not-reproduced.csv");
      expect(csv.records.length - 1).toBe(await page.locator("table.scorecard tbody tr").count());
      // The rule the statuses follow, as the page lists it.
      const rule = await page.locator("ul.judging-rule li").allTextContents();
      expect(rule.length).toBe(3);
      expect(sidecar.json.notes).toEqual(rule.map((r) => r.trim()));
      expect(problems).toEqual([]);
      await close();
    }
  });
});
