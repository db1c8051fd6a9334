import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { computeFigure } from "../survey/compute.ts";
import { figures } from "../survey/registry.ts";
import { scorecard } from "../survey/scorecard.ts";
import { surveyYears, type SurveyYear } from "../survey/survey-years.ts";
import { openDatabase, queryRows } from "../db/open.ts";
import { siteProvenance } from "../export/provenance-data.ts";
import type { SiteProvenance } from "../render/provenance.ts";
import { databasePath, projectRoot } from "../paths.ts";
import { explorerSiteData } from "./explorer-data.ts";
import { cardLink, figurePages } from "./figure-pages.ts";
import { landscapeSiteData } from "./landscape-data.ts";
import { sampleSiteData } from "./sample-data.ts";
import type {
  ExplorerMetaFile,
  FigureFile,
  FigurePagesFile,
  LandscapeOverview,
  ScorecardFile,
  SourceRow,
  SourcesFile,
  SurveyPeriod,
} from "./site-data-types.ts";

/** Where the site's data files go; git-ignored, rewritten before every site build. */
export const siteDataDir = join(projectRoot, "docs", "data", "generated");

const SOURCES_SQL = `
SELECT id, kind, year, strftime(snapshot, '%Y-%m-%d') AS snapshot, file, url, "commit", sha256, bytes, license, loaded, note,
       (SELECT count(*) FROM ingest_issues i WHERE i.source = s.id)::INTEGER AS issues
FROM sources s ORDER BY kind DESC, id`;
const QUESTIONS_SQL = `
SELECT q.id, q.label, q.type, q.description, list(DISTINCT y.year ORDER BY y.year) AS years
FROM codebook_questions q JOIN codebook_years y ON y.question = q.id GROUP BY ALL ORDER BY q.id`;
const SURVEYS_SQL = `SELECT source, year, period, respondents, sample FROM survey_sources ORDER BY year`;

/** One label per survey year, as src/survey/survey-years.ts names it ("1H 2020"). */
const yearPeriods = (years: SurveyYear[]): SurveyPeriod[] =>
  years.map((y) => ({ year: y.year, period: y.label }));

/**
 * The part of the site's provenance a view needs, to travel inside the file the view loads
 * anyway (a download's sidecar is then built in the page, with no request of its own): the
 * sources of one kind or of some ids, the wording of some questions.
 */
function provenancePart(
  p: SiteProvenance,
  keep: { source: (s: SiteProvenance["sources"][number]) => boolean; questions?: string[] },
): SiteProvenance {
  return {
    tool: p.tool,
    database: p.database,
    sources: p.sources.filter(keep.source),
    questions: keep.questions ? p.questions.filter((q) => keep.questions!.includes(q.id)) : [],
  };
}

/**
 * Writes everything the site shows as JSON files, straight from the database, before Framework
 * runs: no page reaches the database, and a build after a new ingest always shows the new
 * numbers (Framework's loader cache never holds them). Respondents' free text is never read here.
 * Figures are computed with panel years split, so the site can show the community and panel parts.
 */
export async function writeSiteData(out = siteDataDir, path = databasePath): Promise<string[]> {
  const db = await openDatabase(path);
  const files = new Map<string, unknown>();
  try {
    // The rows' shape is the SQL's: the types name it for the components.
    const sources = (await queryRows(db.conn, SOURCES_SQL)) as unknown as SourceRow[];
    const surveys = (await queryRows(db.conn, SURVEYS_SQL)) as unknown as SourcesFile["surveys"];
    const allYears = await surveyYears(db.conn);
    const provenance = await siteProvenance(db.conn);
    files.set("provenance.json", provenance);
    const computed = [];
    for (const figure of figures)
      computed.push({ figure, result: await computeFigure(db.conn, figure, { split: true }) });
    // Every trend spans the same years, whichever the data holds: a new survey year widens them all.
    const trendYears = [
      ...new Set([...allYears.map((y) => y.year), ...computed.flatMap((c) => c.result.rows.map((r) => r.year))]),
    ].sort((a, b) => a - b);
    for (const { figure, result } of computed) {
      // The 2021 summaries are sources of their own rows too.
      const years = [
        ...new Set(result.rows.filter((r) => r.source !== "published").map((r) => r.year)),
      ];
      // The golden rows are for the tests (test/survey/figures.test.ts), not the page.
      const { golden: _golden, ...definition } = figure;
      files.set(`figures/${figure.id}.json`, {
        definition,
        result,
        sources: sources.filter((s) => s.kind === "survey" && years.includes(Number(s.year))),
        // Each year's label ("1H 2020"), for the charts' axes and selectors.
        surveys: yearPeriods(allYears.filter((y) => years.includes(y.year))),
        trendYears,
        // What the card's downloads say they are (src/render/provenance.ts).
        provenance: provenancePart(provenance, {
          source: (s) => s.kind === "survey" && years.includes(Number(s.year)),
          questions: figure.questions,
        }),
      } satisfies FigureFile);
    }
    const pages = await figurePages();
    // Which page holds each card: the embed pages link back to it (docs/embed/[figure].md).
    files.set("figure-pages.json", Object.fromEntries(pages) satisfies FigurePagesFile);
    files.set(
      "scorecard.json",
      (await scorecard(db.conn)).map((c) => ({
        ...c,
        card: cardLink(c, pages),
      })) satisfies ScorecardFile,
    );
    files.set("sources.json", {
      sources,
      surveys,
      questions: (await queryRows(db.conn, QUESTIONS_SQL)) as unknown as SourcesFile["questions"],
      ...(await sampleSiteData(db.conn)),
    } satisfies SourcesFile);
    for (const [name, value] of await landscapeSiteData(db.conn))
      files.set(
        name,
        name === "landscape/overview.json"
          ? ({
              ...(value as Omit<LandscapeOverview, "provenance">),
              provenance: provenancePart(provenance, { source: (s) => s.kind === "landscape" }),
            } satisfies LandscapeOverview)
          : value,
      );
    const explorer = await explorerSiteData(db.conn);
    files.set("explorer/meta.json", {
      ...explorer.meta,
      // Every question's wording (16 KB of text): the explorer can show any of them.
      provenance: provenancePart(provenance, {
        source: (s) => s.kind === "survey",
        questions: provenance.questions.map((q) => q.id),
      }),
    } satisfies ExplorerMetaFile);
    files.set("explorer/answers.bin", explorer.answers);
  } finally {
    db.close();
  }
  const tmp = `${out}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(join(tmp, "figures"), { recursive: true });
  await mkdir(join(tmp, "landscape"), { recursive: true });
  await mkdir(join(tmp, "explorer"), { recursive: true });
  for (const [name, value] of files)
    await writeFile(join(tmp, name), value instanceof Uint8Array ? value : JSON.stringify(value));
  await rm(out, { recursive: true, force: true });
  await rename(tmp, out);
  return [...files.keys()];
}
