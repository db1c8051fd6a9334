// Not a browser test: the generated regions (src/site/figure-docs.ts) against the registry, and a
// throwaway figure registered in a temp copy of docs/ and README.md.
import { copyFile, mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  assertEveryFigurePlaced,
  cardsByPage,
  checkFigureDocs,
  generatedDocs,
  overviewFiles,
  projectDocs,
  type DocsPlace,
} from "../../src/site/figure-docs.ts";
import { figurePages } from "../../src/site/figure-pages.ts";
import { claimFigures } from "../../src/ingest/book/published.ts";
import { VIEWS } from "../../src/site/slots.ts";
import type { FigureDefinition } from "../../src/survey/figure.ts";
import { figures } from "../../src/survey/registry.ts";

/** A temp copy of the project's pages and README, for the generator to write into. */
async function tempDocs(): Promise<DocsPlace> {
  const dir = await mkdtemp(join(tmpdir(), "kc-figure-docs-"));
  await mkdir(join(dir, "docs"));
  for (const f of (await readdir(projectDocs.docsDir)).filter((f) => f.endsWith(".md")))
    await copyFile(join(projectDocs.docsDir, f), join(dir, "docs", f));
  await copyFile(projectDocs.readme, join(dir, "README.md"));
  return { docsDir: join(dir, "docs"), readme: join(dir, "README.md") };
}

async function write(place: DocsPlace, registry: FigureDefinition[]): Promise<void> {
  for (const [file, { after }] of await generatedDocs(registry, place))
    await writeFile(file, after);
}

const throwaway = (page: string): FigureDefinition => ({
  id: "throwaway-figure",
  title: "A throwaway figure",
  description: "Share of test users",
  universe: "Kubernetes users",
  segments: "all",
  book: "Not in the book",
  sql: "SELECT 1",
  chart: { kind: "bars" },
  questions: [],
  site: { page, lead: "A lead written for the throwaway figure.", defaultYear: 2022 },
  readme: { years: "2019 only", universe: "users | with a pipe" },
  golden: { fixture: "figures-2019", rows: [] },
});

describe("figure docs generated from the registry", () => {
  it("the committed pages, overview and README table match the registry", async () => {
    expect(await checkFigureDocs(figures, projectDocs)).toEqual([]);
    // Every registered figure has its card on the page its definition names, read from the pages.
    const pages = await figurePages();
    for (const f of figures) expect(pages.get(f.id)).toBe(f.site.page);
    expect(() => assertEveryFigurePlaced(figures, pages)).not.toThrow();
    // The build's overview slot draws from the same files docs/index.md loads.
    const index = await readFile(join(projectDocs.docsDir, "index.md"), "utf8");
    for (const path of Object.values(VIEWS.overview!.files))
      expect(index).toContain(`FileAttachment("data/generated/${path}")`);
    expect(VIEWS.overview!.files).toEqual(overviewFiles(figures));
  });

  it("a figure registered in a temp copy is placed on its page and in the README table", async () => {
    const place = await tempDocs();
    const registry = [...figures, throwaway("networking")];
    // Before writing, the check names each file that drifted and the command that fixes it.
    const drift = await checkFigureDocs(registry, place);
    expect(drift).toEqual([
      `${join(place.docsDir, "networking.md")} does not match the figure registry (src/survey/figures/): run \`npm run figures:write\``,
      `${place.readme} does not match the figure registry (src/survey/figures/): run \`npm run figures:write\``,
    ]);
    await write(place, registry);
    expect(await checkFigureDocs(registry, place)).toEqual([]);

    const page = await readFile(join(place.docsDir, "networking.md"), "utf8");
    // After fig-2-4's card (registry order), with its lead and default year.
    expect(page.indexOf('data-figure="throwaway-figure"')).toBeGreaterThan(
      page.indexOf('data-figure="fig-2-4"'),
    );
    expect(page).toContain(
      'A lead written for the throwaway figure.\n\n<div class="figure-slot" data-figure="throwaway-figure" data-default-year="2022"></div>',
    );
    expect(page).toContain(
      'hydrateFigure(await FileAttachment("data/generated/figures/throwaway-figure.json").json());',
    );
    // The page's own text outside the region is kept.
    expect(page).toContain("Which ingress controllers (service proxies) do Kubernetes users run?");
    expect((await figurePages(place.docsDir)).get("throwaway-figure")).toBe("networking");
    expect(
      cardsByPage(registry)
        .get("networking")!
        .map((f) => f.id),
    ).toEqual(["fig-2-4", "throwaway-figure"]);

    const readme = await readFile(place.readme, "utf8");
    // A pipe in a cell is escaped, so the table keeps its columns.
    expect(readme).toContain(
      "| `throwaway-figure` | — | 2019 only | users \\| with a pipe | `/networking` |",
    );
    // The rest of the README is untouched: the row is the only line added.
    const before = (await readFile(projectDocs.readme, "utf8")).split("\n");
    expect(readme.split("\n").filter((l) => !before.includes(l))).toHaveLength(1);
  });

  it("moving a figure away empties its old page's region; a hand edit in a region is drift", async () => {
    const place = await tempDocs();
    const moved = figures.map((f) =>
      f.id === "fig-2-4" ? { ...f, site: { page: "storage" } } : f,
    );
    await write(place, moved);
    const networking = await readFile(join(place.docsDir, "networking.md"), "utf8");
    expect(networking).not.toContain("figure-slot");
    expect((await figurePages(place.docsDir)).get("fig-2-4")).toBe("storage");

    const file = join(place.docsDir, "storage.md");
    await writeFile(
      file,
      (await readFile(file, "utf8")).replace('data-figure="fig-2-2"', 'data-figure="fig-2-x"'),
    );
    expect(await checkFigureDocs(moved, place)).toEqual([
      `${file} does not match the figure registry (src/survey/figures/): run \`npm run figures:write\``,
    ]);
  });

  it("a registered figure on no page fails, naming the figure", async () => {
    const place = await tempDocs();
    const registry = [...figures, throwaway("nowhere")];
    await expect(generatedDocs(registry, place)).rejects.toThrow(
      /^throwaway-figure: registered \(src\/survey\/registry\.ts\) but on no page: its site\.page "nowhere" names no .*nowhere\.md/,
    );
    await expect(checkFigureDocs(registry, place)).rejects.toThrow(/throwaway-figure/);
    // The build's last guard, on the pages as they are: the throwaway has no slot anywhere.
    expect(() => assertEveryFigurePlaced(registry, new Map())).toThrow(
      /fig-1-1 is registered .* but on no page/,
    );
    expect(() => assertEveryFigurePlaced(registry, figurePagesOf(figures))).toThrow(
      /^throwaway-figure is registered \(src\/survey\/registry\.ts\) but on no page: .*npm run figures:write/,
    );
  });

  it("every figure a book claim may name is a registered figure", () => {
    // The claims' schema (src/ingest/book/published.ts) keeps its own list: ingest comes before
    // src/survey in the data flow and cannot import the registry, so this test ties the two.
    const ids = new Set(figures.map((f) => f.id));
    expect(claimFigures.filter((id) => id !== "other" && !ids.has(id))).toEqual([]);
  });

  it("a page without the region's markers is refused with what to add", async () => {
    const place = await tempDocs();
    await writeFile(join(place.docsDir, "bare.md"), "# Bare\n");
    await expect(generatedDocs([...figures, throwaway("bare")], place)).rejects.toThrow(
      /bare\.md: expected one pair of the lines\n {2}<!-- figure cards: generated .*\n {2}<!-- end of figure cards -->\nwhere the generated part goes/,
    );
  });
});

const figurePagesOf = (registry: FigureDefinition[]) =>
  new Map(registry.map((f) => [f.id, f.site.page]));
