import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { scorecard } from "../survey/scorecard.ts";
import { openDatabase, queryRows } from "../db/open.ts";
import { siteProvenance } from "../export/provenance-data.ts";
import { databasePath, projectRoot } from "../paths.ts";
import { explorerSiteData } from "./explorer-data.ts";
import { figureSiteData } from "./figure-data.ts";
import { cardLink, figurePages } from "./figure-pages.ts";
import { landscapeSiteData } from "./landscape-data.ts";
import { momentumSiteData } from "./momentum-data.ts";
import { distributionsSiteData } from "./distributions-data.ts";
import { PRODUCT_MATRICES } from "../landscape/momentum-adoption.ts";
import { provenancePart } from "./provenance-part.ts";
import { sampleSiteData } from "./sample-data.ts";
import type {
  ExplorerMetaFile,
  FigureFile,
  FigurePagesFile,
  LandscapeOverview,
  MomentumFile,
  ScorecardFile,
  SourceRow,
  SourcesFile,
  SurveyPeriod,
  SurveyYearsFile,
} from "./site-data-types.ts";

/** Where the site's data files go; git-ignored, rewritten before every site build. */
export const siteDataDir = join(projectRoot, "docs", "data", "generated");

export const SOURCES_SQL = `
SELECT id, kind, year, strftime(snapshot, '%Y-%m-%d') AS snapshot, file, url, "commit", sha256, bytes, license, loaded, note,
       (SELECT count(*) FROM ingest_issues i WHERE i.source = s.id)::INTEGER AS issues
FROM sources s ORDER BY kind DESC, id`;
const QUESTIONS_SQL = `
SELECT q.id, q.label, q.type, q.description, list(DISTINCT y.year ORDER BY y.year) AS years
FROM codebook_questions q JOIN codebook_years y ON y.question = q.id GROUP BY ALL ORDER BY q.id`;
const SURVEYS_SQL = `SELECT source, year, period, respondents, sample FROM survey_sources ORDER BY year`;

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
    const provenance = await siteProvenance(db.conn);
    files.set("provenance.json", provenance);
    // The survey years and each figure card's data (src/site/figure-data.ts).
    for (const [name, value] of await figureSiteData(db.conn, sources, provenance))
      files.set(name, value);
    const pages = await figurePages();
    // Which page holds each card: the embed pages link back to it (docs/embed/[figure].md).
    files.set("figure-pages.json", Object.fromEntries(pages) satisfies FigurePagesFile);
    files.set("distributions.json", await distributionsSiteData(db.conn));
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
    files.set("momentum.json", {
      ...(await momentumSiteData(db.conn)),
      // The processed snapshots and the surveys whose matrices the scatter reads.
      provenance: provenancePart(provenance, {
        source: (s) => s.kind === "landscape-processed" || s.kind === "survey",
        questions: [...PRODUCT_MATRICES],
      }),
    } satisfies MomentumFile);
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
