/** A question's ordinal scales as the database stores them (codebook_scales, from the codebook's `scales:`). */
import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows } from "../db/open.ts";
import { CensusError } from "../errors.ts";
import type { OrdinalScale } from "./ordinal-summary.ts";

const SCALES_SQL = `
SELECT question, scale, year, option, point, midpoint, box, unit, open_top, note
FROM codebook_scales WHERE question = $question
ORDER BY year, point NULLS LAST, option`;

/** Every scale version of `question` (none: not ordinal), in the order of its first year. */
export async function loadScales(
  conn: DuckDBConnection,
  question: string,
): Promise<OrdinalScale[]> {
  let rows;
  try {
    rows = await queryRows(conn, SCALES_SQL, { question });
  } catch (e) {
    if (!/codebook_scales/.test((e as Error).message)) throw e;
    throw new CensusError(
      "the database predates the codebook's scales (no codebook_scales table): rebuild it with `kube-census ingest`.",
    );
  }
  const scales = new Map<string, OrdinalScale>();
  for (const r of rows) {
    const name = String(r.scale);
    const year = Number(r.year);
    let scale = scales.get(name);
    if (!scale) {
      scale = {
        question,
        name,
        years: [],
        unit: r.unit === null ? null : String(r.unit),
        points: [],
        off_scale: [],
        open_top: r.open_top === null ? null : String(r.open_top),
        note: r.note === null ? null : String(r.note),
      };
      scales.set(name, scale);
    }
    if (!scale.years.includes(year)) scale.years.push(year);
    // why: a version's points are the same every year it covers; read them from its first year
    if (year !== scale.years[0]) continue;
    const option = String(r.option);
    if (r.point === null) scale.off_scale.push(option);
    else
      scale.points.push({
        option,
        midpoint: r.midpoint === null ? null : Number(r.midpoint),
        box: r.box === null ? null : (String(r.box) as "top" | "bottom"),
      });
  }
  return [...scales.values()];
}

/** The questions with a scale, for a refusal to name them. */
export async function scaledQuestions(conn: DuckDBConnection): Promise<string[]> {
  const rows = await queryRows(conn, `SELECT DISTINCT question FROM codebook_scales ORDER BY 1`);
  return rows.map((r) => String(r.question));
}
