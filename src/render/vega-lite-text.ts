import { pct, SOURCE_MARK } from "./format.ts";
import type { FigureDefinition, FigureRow } from "../survey/figure.ts";
import { categoryOrder, distinct, segmentOrder, sortSegment } from "./order.ts";

/** Greedy word wrap: lines of at most `max` characters, a longer word on a line of its own. */
export function wrapItems(items: string[], max: number, separator = " "): string[] {
  const lines: string[] = [];
  let line = "";
  for (const item of items) {
    if (line && line.length + separator.length + item.length > max) {
      lines.push(line);
      line = item;
    } else {
      line = line ? line + separator + item : item;
    }
  }
  if (line) lines.push(line);
  return lines;
}

const ns = (rows: FigureRow[]) => {
  const values = distinct(rows, "n");
  return values.every((n) => n === null) ? "n/a" : values.filter((n) => n !== null).join("/");
};

const publishedMark = (rows: FigureRow[]) =>
  rows.every((r) => r.source === "published") ? SOURCE_MARK.published : "";

interface NGroup {
  head: string;
  items: string[];
}

/**
 * The n of each year (and of each segment, where they differ), compactly: "n = 1197 (2019)",
 * "n: 2018 1475 · 2019 1197", or one "n 2019: 1-5 clusters 729 · …" group per year.
 */
export function nGroups(rows: FigureRow[]): NGroup[] {
  const perYear = distinct(rows, "year").map((year) => {
    const ofYear = rows.filter((r) => r.year === year);
    const bySegment = distinct(ofYear, "segment").map((segment) => ({
      segment,
      rows: ofYear.filter((r) => r.segment === segment),
    }));
    const uniform = new Set(bySegment.map((s) => ns(s.rows))).size === 1;
    return { year, ofYear, bySegment, uniform };
  });
  if (perYear.length === 0) return [{ head: "no rows", items: [] }];
  if (perYear.every((y) => y.uniform)) {
    const items = perYear.map((y) => `${y.year} ${ns(y.ofYear)}${publishedMark(y.ofYear)}`);
    const only = perYear.length === 1 ? perYear[0]! : undefined;
    return only
      ? [{ head: `n = ${ns(only.ofYear)} (${only.year})${publishedMark(only.ofYear)}`, items: [] }]
      : [{ head: "n:", items }];
  }
  return perYear.map((y) => ({
    head: `n ${y.year}:`,
    items: y.bySegment.map((s) => `${s.segment} ${ns(s.rows)}${publishedMark(s.rows)}`),
  }));
}

/** Subtitle lines: the universe, wrapped, then the n of each year (and segment). */
export function chartSubtitle(universe: string, rows: FigureRow[], maxChars: number): string[] {
  const nLines = nGroups(rows).flatMap(({ head, items }) =>
    items.length === 0
      ? [head]
      : wrapItems(items, maxChars - head.length - 1, " · ").map((l, i) =>
          i === 0 ? `${head} ${l}` : l,
        ),
  );
  return [...wrapItems(universe.split(/\s+/), maxChars), ...nLines];
}

/** A text alternative: what is plotted, how, and the values (or the highest ones). */
export function chartDescription(
  figure: Omit<FigureDefinition, "golden">,
  rows: FigureRow[],
): string {
  const segments = segmentOrder(rows);
  const hasPublished = rows.some((r) => r.source === "published");
  const parts = [
    `${figure.description}.`,
    `Universe: ${figure.universe}.`,
    figure.chart.kind === "segments"
      ? "Bars show the share per survey year"
      : "Horizontal bars show the share per category",
  ];
  if (segments.length > 1) parts[2] += `, coloured by segment (${segments.join(", ")})`;
  parts[2] += "; whiskers show 95% intervals.";
  if (hasPublished) parts.push("Faded bars are values printed in the book, not recomputed.");
  if (figure.chart.kind === "segments") {
    const values = rows.map(
      (r) =>
        `${r.year}${segments.length > 1 ? ` ${r.segment}` : ""} ${pct(r.share)}${r.source === "published" ? SOURCE_MARK.published : ""}`,
    );
    parts.push(`Values: ${values.join(", ")}.`);
  } else {
    const ranked = sortSegment(figure.chart, segments) ?? segments[0];
    for (const year of distinct(rows, "year")) {
      const ofYear = rows.filter((r) => r.year === year && r.segment === ranked);
      const share = new Map(ofYear.map((r) => [r.category, r.share]));
      const top = categoryOrder(ofYear, { ...figure.chart, sortBy: ranked })
        .slice(0, 3)
        .map((c) => `${c} ${pct(share.get(c)!)}`);
      parts.push(
        `Highest in ${year}${segments.length > 1 ? ` (${ranked})` : ""}: ${top.join(", ")}.`,
      );
    }
  }
  return parts.join(" ");
}
