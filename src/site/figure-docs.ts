// A figure is one definition (issue 19): its page, lead, default year and overview name live in
// its `site` field (src/survey/figure.ts), and the places that list figures by hand before — each
// page's card triples, the overview's files, the README's figure table — are generated from the
// registry into marked regions of the committed files. `npm run figures:write` writes them;
// `checkFigureDocs` says which file drifted (the site build and test/site/figure-docs.test.ts run it).
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { projectRoot } from "../paths.ts";
import type { FigureDefinition } from "../survey/figure.ts";

/** The command that rewrites every generated region, named in every drift message. */
export const WRITE_COMMAND = "npm run figures:write";

/** A generated region: its opening and closing markers (HTML comments, invisible when rendered). */
interface Region {
  begin: string;
  end: string;
}

const region = (what: string): Region => ({
  begin: `<!-- ${what}: generated from src/survey/figures/ by \`${WRITE_COMMAND}\`; edit the definitions, not this -->`,
  end: `<!-- end of ${what} -->`,
});

export const CARDS = region("figure cards");
export const OVERVIEW = region("overview files");
export const README_TABLE = region("figure table");

/** Where the generator reads and writes: the project's by default, a temp copy in tests. */
export interface DocsPlace {
  /** The Framework pages (docs/). */
  docsDir: string;
  /** README.md. */
  readme: string;
}

/** The project's own docs/ and README.md. */
export const projectDocs: DocsPlace = {
  docsDir: join(projectRoot, "docs"),
  readme: join(projectRoot, "README.md"),
};

/** The figures of each page, in registry order (the order their cards appear in). */
export function cardsByPage(figures: FigureDefinition[]): Map<string, FigureDefinition[]> {
  const pages = new Map<string, FigureDefinition[]>();
  for (const f of figures) pages.set(f.site.page, [...(pages.get(f.site.page) ?? []), f]);
  return pages;
}

/**
 * A page's cards: the import, then per figure its lead, its slot (with its default year) and the
 * call that replaces the build's static card with the interactive one. The file name is a literal
 * so Framework copies the file and the prerender preloads it.
 */
export function cardsMarkdown(figures: FigureDefinition[]): string {
  if (figures.length === 0) return "";
  const parts = [
    '```js\nimport { hydrateFigure } from "./components/generated/figure-view.js";\n```',
  ];
  for (const f of figures) {
    if (!/^[a-z][\w-]*$/.test(f.id))
      throw new Error(`figure id ${JSON.stringify(f.id)} is not a plain identifier`);
    if (f.site.lead) parts.push(f.site.lead.trim());
    const year =
      f.site.defaultYear === undefined ? "" : ` data-default-year="${f.site.defaultYear}"`;
    parts.push(`<div class="figure-slot" data-figure="${f.id}"${year}></div>`);
    parts.push(
      `\`\`\`js\nhydrateFigure(await FileAttachment("data/generated/figures/${f.id}.json").json());\n\`\`\``,
    );
  }
  return parts.join("\n\n");
}

/** The files the overview's headlines draw from, by the name overview() takes them under. */
export function overviewFiles(figures: FigureDefinition[]): Record<string, string> {
  const files: Record<string, string> = {};
  for (const f of figures)
    if (f.site.overview) {
      if (files[f.site.overview])
        throw new Error(`${f.id}: overview name "${f.site.overview}" is taken by another figure`);
      files[f.site.overview] = `figures/${f.id}.json`;
    }
  return { ...files, scorecard: "scorecard.json" };
}

/** docs/index.md's code: the same files as the build's overview slot (src/site/slots.ts). */
export function overviewMarkdown(figures: FigureDefinition[]): string {
  const files = Object.entries(overviewFiles(figures));
  const names = files.map(([name]) => name).join(", ");
  return [
    "```js",
    "// The build has drawn the same into the slot (src/site/slots.ts); this draws it in preview.",
    'import { overview } from "./components/overview.js";',
    'import { hydrateView } from "./components/viewSlot.js";',
    `const [${names}] = await Promise.all([`,
    ...files.map(([, path]) => `  FileAttachment("data/generated/${path}").json(),`),
    "]);",
    `hydrateView("overview", overview({ ${names} }));`,
    "```",
  ].join("\n");
}

/** The README's figure table, one row per figure in registry order. */
export function readmeTable(figures: FigureDefinition[]): string {
  const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");
  // The book's figure number, "ch. 1" for a number in its text, "—" for a figure it has not.
  const book = (f: FigureDefinition) =>
    /^FIG \d+\.\d+/.exec(f.book)?.[0] ??
    (/^Chapter (\d+)/.exec(f.book) ? `ch. ${/^Chapter (\d+)/.exec(f.book)![1]}` : "—");
  return [
    "| id | book | years computed | universe | page |",
    "|---|---|---|---|---|",
    ...figures.map(
      (f) =>
        `| \`${f.id}\` | ${book(f)} | ${cell(f.readme.years)} | ${cell(f.readme.universe)} | \`/${f.site.page}\` |`,
    ),
  ].join("\n");
}

/** `text` with the region's content replaced; an error naming the file when the markers are not there once. */
export function replaceRegion(text: string, r: Region, content: string, file: string): string {
  const start = text.indexOf(r.begin);
  const stop = text.indexOf(r.end);
  if (start < 0 || stop < start || text.indexOf(r.begin, start + 1) >= 0)
    throw new Error(
      `${file}: expected one pair of the lines\n  ${r.begin}\n  ${r.end}\nwhere the generated part goes; add them, then run \`${WRITE_COMMAND}\``,
    );
  const body = content ? `\n\n${content}\n\n` : "\n";
  return text.slice(0, start + r.begin.length) + body + text.slice(stop);
}

/**
 * Every generated file as it should read, by path: the pages the registry places cards on and
 * any page still holding a card region (emptied when its last figure moves away), docs/index.md
 * and README.md. Throws, naming the figure, when a figure's page does not exist: a registered
 * figure on no page fails here, before anything is written or built.
 */
export async function generatedDocs(
  figures: FigureDefinition[],
  place: DocsPlace,
): Promise<Map<string, { before: string; after: string }>> {
  const out = new Map<string, { before: string; after: string }>();
  const byPage = cardsByPage(figures);
  const pages = (await readdir(place.docsDir)).filter((f) => f.endsWith(".md"));
  const texts = new Map(
    await Promise.all(
      pages.map(async (f) => [f, await readFile(join(place.docsDir, f), "utf8")] as const),
    ),
  );
  const unplaced = [...byPage].filter(([page]) => !texts.has(`${page}.md`));
  if (unplaced.length)
    throw new Error(
      unplaced
        .map(
          ([page, fs]) =>
            `${fs.map((f) => f.id).join(", ")}: registered (src/survey/registry.ts) but on no page: its site.page "${page}" names no ${join(place.docsDir, `${page}.md`)}; create that page with the figure-card markers or name an existing page`,
        )
        .join("\n"),
    );
  for (const [file, text] of texts) {
    const page = file.replace(/\.md$/, "");
    let after = text;
    if (byPage.has(page) || text.includes(CARDS.begin))
      after = replaceRegion(
        after,
        CARDS,
        cardsMarkdown(byPage.get(page) ?? []),
        join(place.docsDir, file),
      );
    if (page === "index")
      after = replaceRegion(after, OVERVIEW, overviewMarkdown(figures), join(place.docsDir, file));
    if (after !== text || byPage.has(page) || page === "index")
      out.set(join(place.docsDir, file), { before: text, after });
  }
  const readme = await readFile(place.readme, "utf8");
  out.set(place.readme, {
    before: readme,
    after: replaceRegion(readme, README_TABLE, readmeTable(figures), place.readme),
  });
  return out;
}

/** The generated files that differ from what the registry says, each with the command that fixes it. */
export async function checkFigureDocs(
  figures: FigureDefinition[],
  place: DocsPlace,
): Promise<string[]> {
  return [...(await generatedDocs(figures, place))]
    .filter(([, { before, after }]) => before !== after)
    .map(
      ([file]) =>
        `${file} does not match the figure registry (src/survey/figures/): run \`${WRITE_COMMAND}\``,
    );
}

/**
 * The last guard of the site build: every registered figure has a card on a page, as the pages
 * themselves place them (src/site/figure-pages.ts reads the slots). Names each figure that has none.
 */
export function assertEveryFigurePlaced(
  figures: FigureDefinition[],
  pages: Map<string, string>,
): void {
  const missing = figures.filter((f) => !pages.has(f.id));
  if (missing.length)
    throw new Error(
      missing
        .map(
          (f) =>
            `${f.id} is registered (src/survey/registry.ts) but on no page: no docs/*.md has its figure-slot; set its site.page and run \`${WRITE_COMMAND}\``,
        )
        .join("\n"),
    );
}
