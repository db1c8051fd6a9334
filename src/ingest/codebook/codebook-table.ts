import type { DuckDBConnection } from "@duckdb/node-api";
import { appendRows } from "../../db/append.ts";
import { CODEBOOK_SCHEMA, respondentProfileView } from "../../db/schema.ts";
import type { Question } from "./codebook.ts";

/** Stores the codebook beside the data it harmonised, so a query can show what a label means. */
export async function writeCodebook(conn: DuckDBConnection, questions: Question[]): Promise<void> {
  await conn.run(CODEBOOK_SCHEMA);
  await appendRows(
    conn,
    "codebook_questions",
    questions.map((q) => [q.id, q.label, q.type, q.description ?? null]),
  );
  await appendRows(
    conn,
    "codebook_options",
    questions.flatMap((q) => q.options.map((o, i) => [q.id, o, i + 1])),
  );
  await appendRows(
    conn,
    "codebook_aliases",
    questions.flatMap((q) => Object.entries(q.aliases).map(([a, o]) => [q.id, a, o])),
  );
  await appendRows(
    conn,
    "codebook_years",
    questions.flatMap((q) =>
      Object.entries(q.years).flatMap(([year, m]) =>
        (Array.isArray(m.question) ? m.question : [m.question]).map((text) => [
          q.id,
          Number(year),
          text,
          m.occurrence ?? null,
        ]),
      ),
    ),
  );
  await appendRows(
    conn,
    "codebook_breaks",
    questions.flatMap((q) =>
      Object.entries(q.years).flatMap(([year, m]) =>
        (m.breaks ?? []).map((b) => [
          q.id,
          Number(year),
          b.kind,
          b.text,
          b.options ? JSON.stringify(b.options) : null,
        ]),
      ),
    ),
  );
  await appendRows(
    conn,
    "codebook_nets",
    questions.flatMap((q) =>
      Object.entries(q.nets).flatMap(([net, members], i) =>
        members.map((m, j) => [q.id, net, i + 1, m, j + 1]),
      ),
    ),
  );
  await appendRows(
    conn,
    "codebook_scales",
    questions.flatMap((q) =>
      q.scales.flatMap((s) =>
        s.years.flatMap((year) =>
          [...s.points, ...s.off_scale.map((option) => ({ option, midpoint: undefined }))].map(
            (p, i) => [
              q.id,
              year,
              s.name,
              p.option,
              i < s.points.length ? i + 1 : null,
              p.midpoint ?? null,
              s.net_score?.top.includes(p.option)
                ? "top"
                : s.net_score?.bottom.includes(p.option)
                  ? "bottom"
                  : null,
              s.unit ?? null,
              s.open_top ?? null,
              s.note ?? null,
            ],
          ),
        ),
      ),
    ),
    new Set([5]),
  );
  await appendRows(
    conn,
    "codebook_weighting_cells",
    questions.flatMap((q) =>
      Object.entries(q.weighting_cells ?? {}).flatMap(([cell, options], i) =>
        options.map((o) => [q.id, cell, i + 1, o]),
      ),
    ),
  );
  // One row per respondent with every single-choice answer as a column: the handiest shape for cross-tabs.
  await conn.run(
    respondentProfileView(questions.filter((q) => q.type === "single").map((q) => q.id)),
  );
}
