import { createHash } from "node:crypto";
import { DuckDBInstance, quotedString } from "@duckdb/node-api";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../src/db/open.ts";
import {
  EXPORT_MANIFEST,
  exportCensus,
  type ExportFormat,
  type ExportedFile,
} from "../../src/export/export.ts";
import { EXPORT_TABLES } from "../../src/export/export-schema.ts";
import { figures } from "../../src/survey/registry.ts";
import { loadCodebook } from "../../src/ingest/codebook/codebook.ts";
import { guardDatabases, realDatabase, withDatabase } from "../support/databases.ts";

interface Schema {
  format: ExportFormat;
  files: ExportedFile[];
  excluded: { table: string; reason: string }[];
}

// Each matrix question's levels, as the codebook defines them: answers.value may hold only these.
const LEVELS = new Map(
  (await loadCodebook())
    .filter((q) => q.type === "matrix")
    .map((q) => [q.id, Object.keys(q.levels ?? {})]),
);

/** Reads exported files with a throwaway in-memory DuckDB (file access on, unlike the census). */
async function readBack(sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(":memory:");
  const conn = await instance.connect();
  try {
    return await queryRows(conn, sql);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

const reader = (format: ExportFormat, path: string) =>
  format === "parquet"
    ? `read_parquet(${quotedString(path)})`
    : `read_csv(${quotedString(path)}, header = true)`;

describe.each(guardDatabases)("export of the %s", (_name, database) => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "kc-export-"));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  describe.each(["parquet", "csv"] as const)("%s", (format) => {
    let out: string;
    let schema: Schema;
    beforeAll(async () => {
      out = join(root, format, "nested");
      await exportCensus({ format, out, databasePath: database });
      schema = JSON.parse(await readFile(join(out, "schema.json"), "utf8")) as Schema;
    });

    it("writes the publishable tables and every figure, and no free text table", async () => {
      const expected = [
        ...EXPORT_TABLES.map((t) => t.table),
        ...figures.map((f) => `figure_${f.id.replace(/-/g, "_")}`),
      ].map((t) => `${t}.${format}`);
      const files = await readdir(out);
      expect(files.sort()).toEqual([...expected, "schema.json", EXPORT_MANIFEST].sort());
      const manifest = JSON.parse(await readFile(join(out, EXPORT_MANIFEST), "utf8")) as {
        files: { name: string; bytes: number; sha256: string }[];
      };
      expect(manifest.files.map((f) => f.name).sort()).toEqual([...expected, "schema.json"].sort());
      // Each file's fingerprint, so a later export can tell a file the user edited.
      for (const f of manifest.files) {
        const bytes = await readFile(join(out, f.name));
        expect([f.bytes, f.sha256]).toEqual([
          bytes.length,
          createHash("sha256").update(bytes).digest("hex"),
        ]);
      }
      expect(schema.files.map((f) => f.file)).toEqual(expected);
      for (const hidden of ["free_text", "survey_cells", "ingest_issues"]) {
        expect(files.some((f) => f.startsWith(`${hidden}.`))).toBe(false);
        expect(schema.excluded.map((e) => e.table)).toContain(hidden);
      }
    });

    it("says in schema.json what its intervals can claim: self-selected, unweighted samples", () => {
      expect((schema as unknown as { disclosure: string }).disclosure).toMatch(
        /self-selected.*unweighted.*simple random sample/s,
      );
    });

    it("records in schema.json the row count of each source table and a description of every column", async () => {
      await withDatabase(database, async (query) => {
        for (const t of EXPORT_TABLES) {
          const [{ n }] = (await query(`SELECT count(*)::INTEGER AS n FROM "${t.table}"`)) as [
            { n: number },
          ];
          expect(schema.files.find((f) => f.table === t.table)?.rows, t.table).toBe(n);
        }
      });
      for (const f of schema.files) {
        expect(f.description).not.toBe("");
        for (const c of f.columns) {
          expect(c.type, `${f.table}.${c.name}`).toMatch(/^[A-Z]/);
          expect(c.description, `${f.table}.${c.name}`).not.toBe("");
        }
      }
    });

    it("reads back answers with the same rows and respondents", async () => {
      const [exported] = await readBack(
        `SELECT count(*)::BIGINT AS n, sum(respondent)::BIGINT AS ids FROM ${reader(format, join(out, `answers.${format}`))}`,
      );
      const [stored] = await withDatabase(database, (query) =>
        query(`SELECT count(*)::BIGINT AS n, sum(respondent)::BIGINT AS ids FROM answers`),
      );
      expect(exported).toEqual(stored);
      expect(schema.files.find((f) => f.table === "answers")?.rows).toBe(stored!.n);
    });

    it("holds only matrix levels in answers.value", async () => {
      const values = await readBack(
        `SELECT DISTINCT question, value FROM ${reader(format, join(out, `answers.${format}`))} ORDER BY ALL`,
      );
      // Each value is a level its own matrix question defines; single and multi answers have none.
      for (const { question, value } of values)
        expect([...(LEVELS.get(String(question)) ?? []), null], String(question)).toContain(value);
      // The CNCF-project scale, with the level 2022 added ("Don't know or not sure").
      expect(LEVELS.get("cncf_projects")).toEqual([
        "Using in production",
        "Evaluating",
        "N/A",
        "Don't know or not sure",
      ]);
    });

    it("has no text or value column that could hold free text, except answers.value", () => {
      const suspects = schema.files.flatMap((f) =>
        f.columns
          .filter((c) => c.name === "text" || (c.name === "value" && c.type === "VARCHAR"))
          .map((c) => `${f.table}.${c.name}`),
      );
      expect(suspects).toEqual(["answers.value"]);
    });

    // The book's n = 1,197 and 468; the fixture's hand-worked 5 and 3 (test/survey/figures.test.ts).
    it("has FIG 1.1's 2019 numbers: the book's for the real data, the hand-worked ones for the fixture", async () => {
      const rows = await readBack(
        `SELECT n::INTEGER AS n, count::INTEGER AS count, source FROM ${reader(format, join(out, `figure_fig_1_1.${format}`))} WHERE year = 2019`,
      );
      const expected = database === realDatabase ? { n: 1197, count: 468 } : { n: 5, count: 3 };
      expect(rows).toEqual([{ ...expected, source: "computed" }]);
    });
  });

  it("replaces an earlier export cleanly, leaving no temporary directory", async () => {
    const out = join(root, "again");
    await exportCensus({ format: "csv", out, databasePath: database });
    const summary = await exportCensus({ format: "parquet", out, databasePath: database });
    const files = await readdir(out);
    expect(files.filter((f) => f.endsWith(".csv"))).toEqual([]);
    expect(files).toHaveLength(summary.files.length + 2);
    expect(await readdir(root)).toEqual(
      expect.not.arrayContaining([expect.stringMatching(/\.(tmp|old)-/)]),
    );
    expect((await readdir(root)).filter((f) => f.startsWith("again"))).toEqual(["again"]);
  });

  it("refuses to replace an earlier export to which a user added a file, naming it", async () => {
    const out = join(root, "added");
    await exportCensus({ format: "csv", out, databasePath: database });
    await writeFile(join(out, "my-notes.txt"), "mine");
    await expect(exportCensus({ format: "csv", out, databasePath: database })).rejects.toThrow(
      /added holds files an earlier export did not write \("my-notes\.txt"\); replacing it would delete them/,
    );
    expect(await readFile(join(out, "my-notes.txt"), "utf8")).toBe("mine");
    // A file the user deleted from the export is no reason to refuse.
    await rm(join(out, "my-notes.txt"));
    await rm(join(out, "answers.csv"));
    await exportCensus({ format: "csv", out, databasePath: database });
    expect(await readdir(out)).toContain("answers.csv");
  });

  it("refuses to replace an earlier export in which a user edited a file or put a folder of its name", async () => {
    const out = join(root, "edited");
    await exportCensus({ format: "csv", out, databasePath: database });
    const answers = await readFile(join(out, "answers.csv"), "utf8");
    // Same size, other bytes: only the checksum can tell.
    const edited = answers.replace(/\d/, (d) => String((Number(d) + 1) % 10));
    expect(edited.length).toBe(answers.length);
    await writeFile(join(out, "answers.csv"), edited);
    await expect(exportCensus({ format: "csv", out, databasePath: database })).rejects.toThrow(
      /edited holds files that are not as an earlier export wrote them: "answers\.csv" \(edited since export wrote it\); replacing it would delete them/,
    );
    expect(await readFile(join(out, "answers.csv"), "utf8")).toBe(edited);
    await writeFile(join(out, "answers.csv"), `${answers}my own row\n`);
    await expect(exportCensus({ format: "csv", out, databasePath: database })).rejects.toThrow(
      /"answers\.csv" \(\d+ bytes, export wrote \d+\)/,
    );
    // A folder given the name of an export file: deleting the export would delete what it holds.
    await rm(join(out, "answers.csv"));
    await mkdir(join(out, "answers.csv"));
    await writeFile(join(out, "answers.csv", "thesis.docx"), "years of work");
    await expect(exportCensus({ format: "csv", out, databasePath: database })).rejects.toThrow(
      /"answers\.csv" \(a folder, where export wrote a file\)/,
    );
    expect(await readFile(join(out, "answers.csv", "thesis.docx"), "utf8")).toBe("years of work");
  });

  it("refuses to replace a directory that is not an export", async () => {
    const out = join(root, "csv");
    await expect(exportCensus({ format: "csv", out, databasePath: database })).rejects.toThrow(
      /not an earlier export/,
    );
  });
});

// These refusals happen before the database is opened, so they need no database at all.
describe("export refuses to replace a folder it did not write", () => {
  const nowhere = join(tmpdir(), "kc-no-database.duckdb");

  it("refuses a user's folder that happens to hold a schema.json, naming what it holds", async () => {
    const out = await mkdtemp(join(tmpdir(), "kc-export-user-"));
    await writeFile(join(out, "schema.json"), "{}");
    await writeFile(join(out, "thesis.docx"), "years of work");
    await expect(exportCensus({ format: "csv", out, databasePath: nowhere })).rejects.toThrow(
      /is not an earlier export \(no \.kube-census-export\.json\); it holds "schema\.json", "thesis\.docx"/,
    );
    expect((await readdir(out)).sort()).toEqual(["schema.json", "thesis.docx"]);
  });

  it("refuses a folder of a file's name even under a manifest written before the checksums", async () => {
    const out = await mkdtemp(join(tmpdir(), "kc-export-user-"));
    await writeFile(join(out, EXPORT_MANIFEST), JSON.stringify({ files: ["answers.csv"] }));
    await mkdir(join(out, "answers.csv"));
    await writeFile(join(out, "answers.csv", "thesis.docx"), "years of work");
    await expect(exportCensus({ format: "csv", out, databasePath: nowhere })).rejects.toThrow(
      /"answers\.csv" \(a folder, where export wrote a file\); replacing it would delete them/,
    );
    expect(await readFile(join(out, "answers.csv", "thesis.docx"), "utf8")).toBe("years of work");
  });

  it("refuses a folder whose export manifest lists other files, or is damaged", async () => {
    const out = await mkdtemp(join(tmpdir(), "kc-export-user-"));
    await writeFile(join(out, EXPORT_MANIFEST), JSON.stringify({ files: ["answers.csv"] }));
    await writeFile(join(out, "answers.csv"), "");
    await mkdir(join(out, "photos"));
    await expect(exportCensus({ format: "csv", out, databasePath: nowhere })).rejects.toThrow(
      /holds files an earlier export did not write \("photos"\)/,
    );
    await writeFile(join(out, EXPORT_MANIFEST), "not json");
    await expect(exportCensus({ format: "csv", out, databasePath: nowhere })).rejects.toThrow(
      /\.kube-census-export\.json: not a kube-census export manifest/,
    );
    expect((await readdir(out)).sort()).toEqual([EXPORT_MANIFEST, "answers.csv", "photos"]);
  });
});
