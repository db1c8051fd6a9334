// What a downloaded file is called: the view it holds, in safe characters and bounded length.
// One function for every download of the site (figure card, explorer, landscape, 2020 stack,
// scorecard) and the CLI's sidecar, so a folder of downloads reads as a list of views.

/** A part of a name: a word, a number, a list (joined with "+"), or nothing (left out). */
export type NamePart = string | number | null | undefined | false | readonly (string | number)[];

/** A file name's stem is cut to this many characters (a hash of the whole keeps cut names apart). */
export const MAX_STEM = 100;

// FNV-1a, 32 bits: no crypto needed (the browser's is async), only that two long views differ.
function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

/**
 * One part in safe characters: letters, digits and "_" (codebook ids keep theirs: `org_size`)
 * without accents, "-" for any run of anything else (spaces, slashes, quotes, dots, control and
 * bidirectional characters), none at the ends.
 * So a name never holds a path separator, a leading dot or a character a file system refuses.
 */
export function safePart(part: string): string {
  return part
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9_]+/g, "-")
    .replace(/^[-_]+|[-_]+$/g, "");
}

/**
 * `fig-2-3_2019_storage-challenged.csv`: the parts that say something, each in safe
 * characters, joined with "_"; a list's items joined with "+". A stem longer than MAX_STEM is
 * cut and ends in a hash of the whole, so two long views do not get the same name.
 */
export function downloadName(parts: readonly NamePart[], extension: string): string {
  const words = parts
    .map((p) =>
      p === null || p === undefined || p === false
        ? ""
        : Array.isArray(p)
          ? p
              .map((x) => safePart(String(x)))
              .filter(Boolean)
              .join("+")
          : safePart(String(p)),
    )
    .filter(Boolean);
  let stem = words.join("_") || "download";
  if (stem.length > MAX_STEM)
    stem = `${stem.slice(0, MAX_STEM - 9).replace(/[-_+]+$/, "")}-${shortHash(stem)}`;
  const ext = extension.replace(/^\.+/, "");
  return `${stem}.${ext}`;
}

/** The sidecar of a download: `x.csv` → `x.provenance.json`. */
export const sidecarName = (fileName: string): string =>
  `${fileName.replace(/\.[^.]+$/, "")}.provenance.json`;

/** Years as a name part: one year, a run ("2018-2022"), or a list ("2018+2020"). */
function yearsPart(years: readonly (string | number)[]): NamePart {
  const ys = years.map(Number);
  if (ys.length > 2 && ys.every((y, i) => i === 0 || y === ys[i - 1]! + 1))
    return `${ys[0]}-${ys.at(-1)}`;
  return years;
}

/** A figure card's view: only what differs from showing everything is named. */
export interface FigureViewName {
  id: string;
  /** The year drawn (its label, "1H 2020"); undefined where the card draws every year. */
  year?: string | number;
  /** The year view's sample, "all" (the default) left out. */
  sample?: string;
  /** The segments drawn, when not all of them. */
  segments?: readonly string[];
  /** "all" when every option is shown instead of the top ones. */
  show?: string;
}
export const figureViewName = (v: FigureViewName, extension: string): string =>
  downloadName(
    [v.id, v.year, v.sample !== "all" && v.sample, v.segments, v.show === "all" && "all-options"],
    extension,
  );

/** An explorer cross-tab: question, banner, years, universe, sample, base and filters. */
export interface CrosstabViewName {
  question: string;
  by: string;
  /** The years, each by its survey name ("1H 2020") or number; a run of plain years is shortened. */
  years: readonly (string | number)[];
  universe: string;
  sample?: string;
  base?: string;
  comparable?: boolean;
  /** The tests' correction, "bonferroni" (the default) left out. */
  adjust?: string;
  filters: readonly { question: string; option: string; level: string | null }[];
  /** The explorer's choice of rows and chart: sorted by a column's share, top-N, searched, lines. */
  shown?: { sort?: string; top?: number | null; search?: string; lines?: boolean };
  /** The nets shown as rows or columns, by name. */
  nets?: readonly string[];
  /** The weighting applied, by id. */
  weight?: string;
}
export const crosstabViewName = (v: CrosstabViewName, extension: string): string =>
  downloadName(
    [
      "crosstab",
      v.question,
      "by",
      v.by,
      yearsPart(v.years),
      v.universe,
      v.sample !== "all" && v.sample,
      v.base === "valid" && "valid",
      v.comparable && "comparable",
      v.adjust !== undefined && v.adjust !== "bonferroni" && v.adjust,
      ...v.filters.map((f) =>
        ["where", f.question, f.option, f.level ?? ""].filter(Boolean).join("-"),
      ),
      ...(v.nets ?? []).map((n) => `net-${n}`),
      v.weight && `weighted-${v.weight}`,
      v.shown?.sort && v.shown.sort !== "codebook" && `sort-${v.shown.sort}`,
      v.shown?.top && `top-${v.shown.top}`,
      v.shown?.search?.trim() && `search-${v.shown.search.trim()}`,
      v.shown?.lines && "lines",
    ],
    extension,
  );

/** The landscape explorer's view: snapshot and filters. */
export interface LandscapeViewName {
  at: string;
  category?: string;
  subcategory?: string;
  maturity?: string;
  search?: string;
}
export const landscapeViewName = (v: LandscapeViewName, extension: string): string =>
  downloadName(
    [
      "landscape",
      v.at,
      v.category,
      v.subcategory,
      v.maturity,
      v.search?.trim() && `search-${v.search.trim()}`,
    ],
    extension,
  );
