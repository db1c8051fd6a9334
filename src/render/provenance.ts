// What a downloaded table is and where it came from, as a sidecar file beside it
// (`x.provenance.json` next to `x.csv`). The CSV itself stays a plain table whose first row is its
// header: a block of `# key: value` lines would be the first rows a spreadsheet shows, a record
// of one field to csv-parse or pandas unless told about comments, and lost on the first re-save.
// Browser-safe: the site builds the sidecar in the page, the CLI (`--provenance`) in Node.

/** A source file as data/sources.json pins it (and the `sources` table records it). */
export interface ProvenanceSource {
  id: string;
  file: string;
  url: string;
  commit: string;
  sha256: string;
  bytes?: number;
  license?: string;
}

/** A question's wording as each year's export printed it. */
export interface ProvenanceQuestion {
  id: string;
  label: string;
  wording: { year: number; text: string }[];
}

/**
 * What the site build and the CLI know about the whole database: the tool, the database's
 * content hash (src/db/content-hash.ts), every source and every question's wording.
 */
export interface SiteProvenance {
  tool: { name: string; version: string };
  database: { sha256: string; method: string };
  sources: (ProvenanceSource & { kind: string; year: number | null; snapshot: string | null })[];
  questions: ProvenanceQuestion[];
}

/** What one download holds: the view, and the parts of SiteProvenance behind it. */
export interface ViewProvenance {
  /** The file this sidecar describes. */
  file: string;
  /** "figure", "crosstab", "landscape", "stack-today" or "scorecard", and its title. */
  view: { kind: string; id?: string; title: string };
  /** The address of the view on the site, where it has one. */
  address?: string;
  /** Codebook ids of the questions the table reads. */
  questions?: string[];
  /** Survey years (or snapshot dates) shown. */
  years?: (number | string)[];
  universe?: string;
  base?: unknown;
  sample?: string;
  filters?: unknown;
  segments?: string[];
  /** Source ids behind the table; all sources of the kind when left out. */
  sources?: string[];
  /** Anything else the view needs said (the claims' judging rule). */
  notes?: string[];
}

/** The entry of the site's provenance a view names: a missing one means stale site data. */
function known<T extends { id: string }>(entries: readonly T[], kind: string, id: string): T {
  const entry = entries.find((x) => x.id === id);
  if (!entry)
    throw new Error(
      `provenance: ${kind} "${id}" is not in the site's provenance; rebuild the site data`,
    );
  return entry;
}

/**
 * The sidecar's content, its keys always in this order: the file and view first (what it is),
 * the question wording, universe, base, filters, sample and years (what it counts), then the
 * sources with their sha256 and commit, the tool version and the database hash (where it came
 * from). Only the questions and sources the view names are copied; an id the provenance does not
 * know is an error, not a silent gap.
 */
export function viewProvenance(
  site: SiteProvenance,
  view: ViewProvenance,
): Record<string, unknown> {
  const years = view.years?.map(Number).filter((y) => Number.isInteger(y));
  const question = (view.questions ?? []).map((id) => {
    const q = known(site.questions, "question", id);
    return {
      id: q.id,
      label: q.label,
      // Only the years shown, where the view says which.
      wording: years?.length ? q.wording.filter((w) => years.includes(w.year)) : q.wording,
    };
  });
  const sources = (view.sources ?? site.sources.map((s) => s.id)).map((id) => {
    const s = known(site.sources, "source", id);
    return {
      id: s.id,
      file: s.file,
      url: s.url,
      commit: s.commit,
      sha256: s.sha256,
      ...(s.bytes !== undefined && { bytes: s.bytes }),
      ...(s.license !== undefined && { license: s.license }),
    };
  });
  const out: Record<string, unknown> = {
    file: view.file,
    view: view.view,
    ...(view.address !== undefined && { address: view.address }),
    ...(question.length > 0 && { questions: question }),
    ...(view.universe !== undefined && { universe: view.universe }),
    ...(view.base !== undefined && { base: view.base }),
    ...(view.filters !== undefined && { filters: view.filters }),
    ...(view.sample !== undefined && { sample: view.sample }),
    ...(view.segments !== undefined && { segments: view.segments }),
    ...(view.years !== undefined && { years: view.years }),
    ...(view.notes !== undefined && { notes: view.notes }),
    sources,
    tool: site.tool,
    database: site.database,
  };
  return out;
}

/** The sidecar file's text: the provenance as indented JSON, ending in a newline. */
export const provenanceJson = (site: SiteProvenance, view: ViewProvenance): string =>
  `${JSON.stringify(viewProvenance(site, view), null, 2)}\n`;
