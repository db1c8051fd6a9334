import type { SiteProvenance } from "../render/provenance.ts";

/**
 * The part of the site's provenance a view needs, to travel inside the file the view loads
 * anyway (a download's sidecar is then built in the page, with no request of its own): the
 * sources of one kind or of some ids, the wording of some questions.
 */
export function provenancePart(
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
