import { SAMPLING_DISCLOSURE } from "../../survey/disclosure.ts";
import { interval, pct } from "../../render/format.ts";
import { computeFigure } from "../../survey/compute.ts";
import { figureCsv } from "../../render/figure-csv.ts";
import type { FigureResult, FigureRow } from "../../survey/figure.ts";
import { figureById, figures } from "../../survey/registry.ts";
import { openDatabase } from "../../db/open.ts";
import { CensusError, echoed } from "../../errors.ts";
import { nearest } from "../../nearest.ts";
import { terminalText, toTable } from "../../render/output.ts";
import { checkOutputFile, writeOutputFile } from "../../output-file.ts";
import { FIGURE_SAMPLES } from "../../survey/value-lists.ts";
import { panelYears, surveyYears } from "../../survey/survey-years.ts";
import { figureProvenance } from "../../render/view-provenance.ts";
import { checkProvenanceFile, writeProvenance } from "./provenance.ts";

export interface FigureOptions {
  format: "table" | "json" | "csv" | "vega-lite";
  /** Only these years (`--year` repeated); all when absent. */
  years?: string[];
  segment?: string;
  /** all (default), community, panel, or split (all three side by side). */
  sample?: string;
  svg?: string;
  /** The same SVG rendered to PNG. */
  png?: string;
  /** Also write the rows' provenance sidecar (JSON) here. */
  provenance?: string;
}

/** Prints one figure, filtered by year and segment, in the requested format (and an SVG file). */
export async function run(id: string | undefined, opts: FigureOptions): Promise<void> {
  const figure = id ? figureById.get(id) : undefined;
  if (!figure) {
    const valid = figures.map((f) => f.id);
    const hint = id ? ` Did you mean ${nearest(id, valid, 1)[0]}?` : "";
    throw new CensusError(
      `${id ? `unknown figure: ${echoed(id)}.` : "which figure?"}${hint} Valid ids: ${valid.join(", ")}`,
    );
  }
  const sample = opts.sample ?? "all";
  // why: the parser checks the list already; this guards callers that skip it (tests, scripts)
  if (!(FIGURE_SAMPLES as readonly string[]).includes(sample))
    throw new CensusError(
      `invalid --sample: ${sample} (use ${FIGURE_SAMPLES.join(", ")}: a panel year's community or paid-panel part)`,
      2,
    );
  // A directory or a missing folder is refused before the figure is computed.
  const example = `${figure.id}.svg`;
  if (opts.svg) await checkOutputFile(opts.svg, "--svg", example);
  const pngExample = `${figure.id}.png`;
  let font: string | undefined;
  if (opts.png) {
    await checkOutputFile(opts.png, "--png", pngExample);
    font = (await import("../../render/png.ts")).pngFont();
  }
  const provenanceExample = `${figure.id}.provenance.json`;
  if (opts.provenance) await checkProvenanceFile(opts.provenance, provenanceExample);
  const db = await openDatabase();
  let result: FigureResult;
  let panelYearsText: string;
  try {
    result = await computeFigure(db.conn, figure, { split: sample !== "all" });
    const panels = panelYears(await surveyYears(db.conn));
    panelYearsText = panels.length
      ? `panel years: ${panels.map((p) => p.label).join(", ")}`
      : "no year has one";
  } finally {
    db.close();
  }
  const years = new Set(result.rows.map((r) => String(r.year)));
  // Years with no panel keep their one sample in every view: community-only years stay in a community trend.
  const split = new Set(result.rows.filter((r) => r.sample !== "all").map((r) => r.year));
  const panelYear = (year: number) => split.has(year);
  const segments = new Set(result.rows.map((r) => r.segment));
  const chosen = opts.years?.length ? new Set(opts.years) : undefined;
  const missing = [...(chosen ?? [])].filter((y) => !years.has(y));
  if (missing.length)
    throw new CensusError(
      `${figure.id} has no year ${missing.map((y) => echoed(y)).join(", ")}; years: ${[...years].join(", ")}`,
    );
  if (opts.segment && !segments.has(opts.segment))
    throw new CensusError(
      `${figure.id} has no segment "${echoed(opts.segment)}"; segments: ${[...segments].join(", ")}`,
    );
  const rows = result.rows.filter(
    (r) =>
      (!chosen || chosen.has(String(r.year))) &&
      (!opts.segment || r.segment === opts.segment) &&
      (sample === "split" || r.sample === sample || (r.sample === "all" && !panelYear(r.year))),
  );
  if (rows.length === 0 && sample !== "all" && sample !== "split")
    throw new CensusError(
      `${figure.id} has no ${sample} rows: none of its years has a paid panel (${panelYearsText}); years: ${[...years].join(", ")}`,
    );
  const shown: FigureResult = { ...result, rows };

  if (opts.svg || opts.png || opts.format === "vega-lite") {
    const { vegaLiteSpec } = await import("../../render/vega-lite.ts");
    const spec = vegaLiteSpec(figure, shown);
    if (opts.svg || opts.png) {
      const { renderSvg } = await import("../../render/svg.ts");
      const svg = await renderSvg(spec);
      if (opts.svg) {
        await writeOutputFile(opts.svg, svg, "--svg", example);
        process.stderr.write(`wrote ${terminalText(opts.svg)}\n`);
      }
      if (opts.png) {
        // The PNG is drawn from the very SVG above, so the two files cannot show different charts.
        const { renderPng } = await import("../../render/png.ts");
        await writeOutputFile(opts.png, await renderPng(svg, font!), "--png", pngExample);
        process.stderr.write(`wrote ${terminalText(opts.png)}\n`);
      }
    }
    if (opts.format === "vega-lite") process.stdout.write(JSON.stringify(spec, null, 2) + "\n");
  }
  // why: every interval printed carries what it can claim (self-selected, unweighted samples)
  if (opts.format === "json")
    process.stdout.write(
      JSON.stringify({ ...shown, disclosure: SAMPLING_DISCLOSURE }, null, 2) + "\n",
    );
  else if (opts.format === "csv") process.stdout.write(figureCsv(rows));
  else if (opts.format === "table") {
    const footnotes = new Map<string, number>();
    const marks = (r: FigureRow) =>
      r.notes
        .map((n) => {
          const key = `${n.kind}: ${n.text}`;
          if (!footnotes.has(key)) footnotes.set(key, footnotes.size + 1);
          return footnotes.get(key);
        })
        .join(",");
    const table = rows.map((r) => ({
      year: r.year,
      segment: r.segment,
      category: r.category,
      n: r.n,
      ...(rows.some((x) => x.answered !== null) ? { answered: r.answered ?? "" } : {}),
      count: r.count,
      share: pct(r.share, 1, ""),
      "95% CI": interval(r, ""),
      source: r.source,
      ...(sample === "all" ? {} : { sample: r.sample }),
      breaks: marks(r),
    }));
    const notes = [...footnotes].map(([text, i]) => `  [${i}] ${text}`).join("\n");
    process.stdout.write(
      `${figure.title} (${figure.book})\nUniverse: ${figure.universe}\n\n${toTable(table, undefined, 70)}` +
        (notes ? `\nBreaks (numbered in the breaks column):\n${notes}\n` : "") +
        `\n${SAMPLING_DISCLOSURE}\n`,
    );
  }
  if (opts.provenance) {
    const conn = await openDatabase();
    try {
      await writeProvenance(
        conn.conn,
        opts.provenance,
        opts.format === "vega-lite" ? "vl.json" : opts.format === "table" ? "txt" : opts.format,
        provenanceExample,
        figureProvenance(figure, rows, sample),
      );
    } finally {
      conn.close();
    }
  }
}
