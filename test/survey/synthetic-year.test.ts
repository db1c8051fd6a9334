import { mkdtemp, readFile, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/cli/commands.ts";
import { computeFigure } from "../../src/survey/compute.ts";
import { SAMPLING_DISCLOSURE } from "../../src/survey/disclosure.ts";
import { BOOK_YEAR, type FigureRow } from "../../src/survey/figure.ts";
import { figureById, figures } from "../../src/survey/registry.ts";
import { surveyYears } from "../../src/survey/survey-years.ts";
import type {
  ExplorerMetaFile,
  FigureFile,
  SurveyYearsFile,
} from "../../src/site/site-data-types.ts";
import { explorerSiteData } from "../../src/site/explorer-data.ts";
import { figureSiteData } from "../../src/site/figure-data.ts";
import { SOURCES_SQL, writeSiteData } from "../../src/site/write-site-data.ts";
import type { SourceRow } from "../../src/site/site-data-types.ts";
import { siteProvenance } from "../../src/export/provenance-data.ts";
import { openDatabase, queryRows } from "../../src/db/open.ts";
import { runCli } from "../support/cli.ts";
import { fixtureDatabase, noRealData, realDatabase, withDatabase } from "../support/databases.ts";
import { withSyntheticYears } from "../support/synthetic-year.ts";

// Issue 19, item 1 (the consumer side): a survey year is data. Years the database gains by plain
// SQL — copies of a year's rows under a new year, one with a paid panel — must reach the figure
// rows, the panel sentences, the trend axis and the site data with no change under src/, and
// nothing may call them "2022".

/** The paid panel's share of a year's screened sample, counted here in plain SQL. */
const PANEL_SHARE_SQL = `
SELECT year, count(*) FILTER (WHERE panel)::DOUBLE / count(*) AS share FROM respondents
WHERE excluded IS NULL AND year = $year GROUP BY year`;
const percent = (share: number) => `${Math.round(share * 100)}%`;

async function panelShare(path: string, year: number): Promise<number> {
  return withDatabase(path, async (query) =>
    Number((await query(PANEL_SHARE_SQL, { year }))[0]!.share),
  );
}

/** Every panel note of a year's whole-sample rows. */
const panelNotes = (rows: FigureRow[], year: number) => [
  ...new Set(
    rows
      .filter((r) => r.year === year && r.sample === "all" && r.source === "computed")
      .flatMap((r) => r.notes.filter((n) => n.kind === "panel").map((n) => n.text)),
  ),
];

describe("a survey year added to the fixture database by SQL alone", () => {
  // The fixture's 2019 export, copied as 2023 (even respondents in a paid panel) and as 1H 2024
  // (a third of them in one): two panel years after a community-only one.
  let path = "";
  /** The site data the build writes for the survey years and the figure cards, by file name. */
  let site = new Map<string, unknown>();
  let panels: ExplorerMetaFile["panels"] = [];
  let periods: Record<string, string> = {};
  beforeAll(async () => {
    path = await withSyntheticYears(fixtureDatabase, [
      { from: 2019, to: 2023, period: "2023", panel: "respondent % 2 = 0" },
      { from: 2019, to: 2024, period: "1H 2024", panel: "respondent % 3 = 0" },
    ]);
    // writeSiteData's own parts (its landscape part needs the real snapshots: the book's stack).
    const db = await openDatabase(path);
    try {
      const sources = (await queryRows(db.conn, SOURCES_SQL)) as unknown as SourceRow[];
      site = await figureSiteData(db.conn, sources, await siteProvenance(db.conn));
      const explorer = await explorerSiteData(db.conn);
      panels = explorer.meta.panels;
      periods = explorer.meta.periods;
    } finally {
      db.close();
    }
  });

  it("reads the years, their names and panels from the database", async () => {
    const db = await openDatabase(path);
    try {
      const years = await surveyYears(db.conn);
      expect(years.map((y) => [y.year, y.label, y.summaryOnly])).toEqual([
        [2019, "2019", false],
        [2023, "2023", false],
        [2024, "1H 2024", false],
      ]);
      expect(years[0]!.panelShare).toBeNull();
      expect(years[1]!.panelShare).toBeCloseTo(await panelShare(path, 2023), 12);
      expect(years[2]!.panelShare).toBeCloseTo(await panelShare(path, 2024), 12);
    } finally {
      db.close();
    }
  });

  it("computes the new years' rows as the copied year's, split by their panel", async () => {
    const db = await openDatabase(path);
    try {
      const { rows } = await computeFigure(db.conn, figureById.get("fig-1-1")!, { split: true });
      const numbers = (year: number, sample = "all") =>
        rows
          .filter((r) => r.year === year && r.sample === sample && r.source === "computed")
          .map((r) => [r.segment, r.category, r.n, r.count]);
      expect(numbers(2019).length).toBeGreaterThan(0);
      expect(numbers(2023)).toEqual(numbers(2019));
      expect(numbers(2024)).toEqual(numbers(2019));
      // A year without a panel has no split rows; each panel year has both parts.
      expect(numbers(2019, "community")).toEqual([]);
      for (const year of [2023, 2024])
        for (const part of ["community", "panel"])
          expect(numbers(year, part).length, `${year} ${part}`).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });

  it("says which earlier years had a panel, by their names", async () => {
    const db = await openDatabase(path);
    try {
      const { rows } = await computeFigure(db.conn, figureById.get("fig-1-1")!);
      const share2023 = percent(await panelShare(path, 2023));
      const share2024 = percent(await panelShare(path, 2024));
      expect(panelNotes(rows, 2019)).toEqual([]);
      expect(panelNotes(rows, 2023)).toEqual([
        `${share2023} of this year's screened sample came from a paid panel; earlier years' samples were community-only.`,
      ]);
      expect(panelNotes(rows, 2024)).toEqual([
        `${share2024} of this year's screened sample came from a paid panel; earlier years' samples were community-only, except 2023's (${share2023} paid panel).`,
      ]);
      expect(JSON.stringify(rows)).not.toContain("2022");
    } finally {
      db.close();
    }
  });

  it("writes the years into the site data: names, panels, the trend axis", async () => {
    const years = site.get("survey-years.json") as SurveyYearsFile;
    expect(years.map((y) => [y.year, y.label, y.panelShare !== null])).toEqual([
      [2019, "2019", false],
      [2023, "2023", true],
      [2024, "1H 2024", true],
    ]);
    // The axis: every survey year and every year a figure has rows of (the book's 2017).
    const printed = await withDatabase(path, (q) =>
      // the book's printed shares of a registered figure, before the first export (2019 here)
      q(
        `SELECT DISTINCT year FROM published_claims
         WHERE measure = 'share' AND year < 2019
           AND figure IN (${figures.map((f) => `'${f.id}'`).join(", ")}) ORDER BY year`,
      ),
    );
    const axis = [...printed.map((r) => Number(r.year)), 2019, 2023, 2024];
    const files = [...site.keys()].filter((f) => f.startsWith("figures/"));
    expect(files).toHaveLength(figures.length);
    for (const file of files) {
      const figure = site.get(file) as FigureFile;
      expect(figure.trendYears, file).toEqual(axis);
      // What the card draws and names from the data (the definition's README text and the
      // codebook's wordings per year document the real surveys, 2022 included).
      const { result, surveys, sources, trendYears } = figure;
      expect(JSON.stringify({ result, surveys, sources, trendYears }), file).not.toContain("2022");
      if (figure.result.rows.some((r) => r.year === 2024 && r.source === "computed"))
        expect(figure.surveys).toContainEqual({ year: 2024, period: "1H 2024" });
    }
    const fig11 = site.get("figures/fig-1-1.json") as FigureFile;
    expect(fig11.surveys.map((s) => s.year)).toEqual([2019, 2023, 2024]);
    expect(fig11.sources.map((s) => s.year)).toEqual([2019, 2023, 2024]);
    expect(panels.map((p) => p.year)).toEqual([2023, 2024]);
    expect(periods[2024]).toBe("1H 2024");
  });

  it("compares a panel year with the years before it across the panel, naming the earlier panel", async () => {
    const { stdout } = await runCli(
      [
        "crosstab",
        "k8s_clusters",
        "--by",
        "year",
        "--year",
        "2019",
        "--year",
        "2024",
        "--format",
        "json",
      ],
      path,
    );
    const result = JSON.parse(stdout) as { breaks: { year: number; kind: string; text: string }[] };
    const panel = result.breaks.filter((b) => b.kind === "panel");
    expect(panel.map((b) => b.year)).toEqual([2024]);
    expect(panel[0]!.text).toContain("except 2023's");
    // Two panel years whose mixes differ by 10 points or more (half vs a third, counted here in
    // SQL) are a sample break too (src/survey/sample-breaks.ts); the earlier one is named.
    const [share2023, share2024] = [await panelShare(path, 2023), await panelShare(path, 2024)];
    expect(Math.abs(share2023 - share2024)).toBeGreaterThanOrEqual(0.1);
    const { stdout: panelToPanel } = await runCli(
      [
        "crosstab",
        "k8s_clusters",
        "--by",
        "year",
        "--year",
        "2023",
        "--year",
        "2024",
        "--format",
        "json",
      ],
      path,
    );
    const mixed = (
      JSON.parse(panelToPanel) as { breaks: { year: number; kind: string; text: string }[] }
    ).breaks.filter((b) => b.kind === "panel");
    expect(mixed.map((b) => [b.year, b.text])).toEqual([
      [
        2024,
        `${percent(share2024)} of this year's screened sample came from a paid panel; earlier years' samples were community-only, except 2023's (${percent(share2023)} paid panel).`,
      ],
    ]);
    // Its community part has no sample break: one kind of respondent in both years.
    const { stdout: community } = await runCli(
      [
        "crosstab",
        "k8s_clusters",
        "--by",
        "year",
        "--year",
        "2023",
        "--year",
        "2024",
        "--sample",
        "community",
        "--format",
        "json",
      ],
      path,
    );
    expect(
      (JSON.parse(community) as { breaks: { kind: string }[] }).breaks.filter(
        (b) => b.kind === "panel",
      ),
    ).toEqual([]);
    // The banner by sample part takes every panel year, and no other.
    const { stdout: bySample } = await runCli(
      ["crosstab", "k8s_clusters", "--by", "sample", "--format", "json"],
      path,
    );
    expect((JSON.parse(bySample) as { years: number[] }).years).toEqual([2023, 2024]);
  });
});

describe("words that hold whatever years the data has", () => {
  it("the sampling disclosure and the CLI's help name no survey year", () => {
    expect(SAMPLING_DISCLOSURE).not.toMatch(/20\d\d/);
    for (const [name, spec] of Object.entries(COMMANDS))
      expect(JSON.stringify(spec), name).not.toMatch(/\b20(1[89]|2\d)'s\b|\(20\d\d\)|\b2022\b/);
  });

  it("a figure of the book opens on the book's year, as its definition says; any other on its latest", () => {
    for (const figure of figures) {
      const ofTheBook = !figure.book.startsWith("Not in the book");
      expect(figure.site.defaultYear, figure.id).toBe(ofTheBook ? BOOK_YEAR : undefined);
    }
  });
});

describe.skipIf(noRealData)("2022 copied as 2023 in the real database", () => {
  it("computes 2023 as 2022, names 2022 as the earlier panel year and 2023 on the axis", async () => {
    const path = await withSyntheticYears(realDatabase, [
      { from: 2022, to: 2023, period: "2023", panel: "respondent % 2 = 0" },
    ]);
    const db = await openDatabase(path);
    try {
      const { rows } = await computeFigure(db.conn, figureById.get("fig-1-1")!, { split: true });
      const numbers = (year: number) =>
        rows
          .filter((r) => r.year === year && r.sample === "all" && r.source === "computed")
          .map((r) => [r.segment, r.category, r.n, r.count]);
      expect(numbers(2023)).toEqual(numbers(2022));
      const share2022 = percent(await panelShare(path, 2022));
      const share2023 = percent(await panelShare(path, 2023));
      // 2022's own note is as before; 2023's names 2022 as the earlier panel year.
      expect(panelNotes(rows, 2022)).toEqual([
        `${share2022} of this year's screened sample came from a paid panel; earlier years' samples were community-only.`,
      ]);
      expect(panelNotes(rows, 2023)).toEqual([
        `${share2023} of this year's screened sample came from a paid panel; earlier years' samples were community-only, except 2022's (${share2022} paid panel).`,
      ]);
      const years = await surveyYears(db.conn);
      expect(years.map((y) => y.year)).toEqual([2018, 2019, 2020, 2021, 2022, 2023]);
      expect(years.find((y) => y.year === 2021)!.summaryOnly).toBe(true);
      expect(years.find((y) => y.year === 2020)!.label).toBe("1H 2020");
    } finally {
      db.close();
    }
    // The whole site data, as the build writes it.
    const site = join(await mkdtemp(join(tmpdir(), "kc-synthetic-site-")), "generated");
    await writeSiteData(site, path);
    const read = async (name: string) => JSON.parse(await readFile(join(site, name), "utf8"));
    const fig11 = (await read("figures/fig-1-1.json")) as FigureFile;
    expect(fig11.trendYears).toEqual([2017, 2018, 2019, 2020, 2021, 2022, 2023]);
    expect(fig11.surveys.at(-1)).toEqual({ year: 2023, period: "2023" });
    const notes2023 = panelNotes(fig11.result.rows, 2023);
    expect(notes2023).toHaveLength(1);
    expect(notes2023[0]).toContain("except 2022's");
    for (const file of await readdir(join(site, "figures")))
      expect(((await read(`figures/${file}`)) as FigureFile).trendYears, file).toContain(2023);
    const surveyYearsFile = (await read("survey-years.json")) as SurveyYearsFile;
    expect(surveyYearsFile.filter((y) => y.panelShare !== null).map((y) => y.year)).toEqual([
      2022, 2023,
    ]);
    const explorer = (await read("explorer/meta.json")) as ExplorerMetaFile;
    expect(explorer.panels.map((p) => p.year)).toEqual([2022, 2023]);
  });
});
