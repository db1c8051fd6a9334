import { describe, expect, it } from "vitest";
import { computeFigure } from "../../src/survey/compute.ts";
import { figureById } from "../../src/survey/registry.ts";
import { noRealData, withRealDatabase } from "../support/databases.ts";

/**
 * The 2022 coded export against what CNCF published about it: 2,286 responses received, 2,063
 * after screening, 54% from a paid panel, 44% using containers for nearly all applications and
 * 35% for a few production applications.
 */
describe.skipIf(noRealData)("2022 survey on the real export", () => {
  it("keeps all 2,286 rows and screens them to CNCF's 2,063, rule by rule", async () => {
    await withRealDatabase(async (query) => {
      expect(
        await query(
          `SELECT (SELECT count(*) FROM respondents WHERE year = 2022)::INTEGER AS received,
                  (SELECT count(*) FROM respondents WHERE year = 2022 AND excluded IS NULL)::INTEGER AS sample,
                  (SELECT sample FROM survey_sources WHERE year = 2022)::INTEGER AS recorded`,
        ),
      ).toEqual([{ received: 2286, sample: 2063, recorded: 2063 }]);
      // In order: nobody failed the "real person" check; 18 teachers/students (CNCF says 20);
      // 53 with no organization or an unknown size (CNCF: 53); 152 stopped before page 3 ended.
      expect(
        await query(
          `SELECT rule, removed FROM screening WHERE source = 'survey-2022' ORDER BY "order"`,
        ),
      ).toEqual([
        { rule: "not-a-person", removed: 0 },
        { rule: "teacher-student", removed: 18 },
        { rule: "no-organization", removed: 53 },
        { rule: "incomplete", removed: 152 },
      ]);
    });
  });

  it("identifies the paid panel as 54% of the screened sample", async () => {
    await withRealDatabase(async (query) => {
      const [row] = await query(
        `SELECT count(*) FILTER (WHERE panel)::INTEGER AS panel, count(*)::INTEGER AS n
         FROM respondents WHERE year = 2022 AND excluded IS NULL`,
      );
      expect(row).toEqual({ panel: 1108, n: 2063 });
      expect(Math.round((1108 / 2063) * 100)).toBe(54);
    });
  });

  it("decodes every coded cell through the reference-model frame", async () => {
    await withRealDatabase(async (query) => {
      expect(
        await query(
          `SELECT count(*)::INTEGER AS n FROM ingest_issues WHERE source = 'survey-2022'`,
        ),
      ).toEqual([{ n: 0 }]);
    });
  });

  it("reproduces CNCF's 44% (containers for nearly all applications) and 35% (a few)", async () => {
    await withRealDatabase(async (_query, db) => {
      const { rows } = await computeFigure(db.conn, figureById.get("container-use")!);
      const share = (prefix: string) =>
        rows.find((r) => r.year === 2022 && r.category.startsWith(prefix))!;
      const most = share("Used for most or all");
      const few = share("Used for a few");
      expect([most.n, most.count, few.count]).toEqual([2063, 914, 715]);
      expect(Math.round(most.share * 100)).toBe(44);
      expect(Math.round(few.share * 100)).toBe(35);
    });
  });

  it("splits every 2022 row by panel, and the parts add up to the whole", async () => {
    await withRealDatabase(async (_query, db) => {
      const { rows } = await computeFigure(db.conn, figureById.get("container-use")!, {
        split: true,
      });
      const most = rows.filter((r) => r.year === 2022 && r.category.startsWith("Used for most"));
      const by = Object.fromEntries(most.map((r) => [r.sample, [r.n, r.count]]));
      expect(by).toEqual({ all: [2063, 914], community: [955, 514], panel: [1108, 400] });
      for (const r of most) expect(r.notes.map((n) => n.kind)).toContain("panel");
    });
  });

  it("computes the book's figures for 2022 where the questions were asked, with their breaks", async () => {
    await withRealDatabase(async (_query, db) => {
      const fig11 = await computeFigure(db.conn, figureById.get("fig-1-1")!);
      const row2022 = fig11.rows.find((r) => r.year === 2022)!;
      expect(row2022.source).toBe("computed");
      // The Other column's removal moves the Kubernetes-user universe; the panel moves the sample.
      // Not notes here: the clusters list's routing (asked of production users only — every
      // Kubernetes user is one) and the challenges' two new options (notes of their own rows).
      expect(row2022.notes.map((n) => n.kind)).toEqual(["universe", "panel"]);
      const fig26 = await computeFigure(db.conn, figureById.get("fig-2-6")!);
      const categories2022 = new Set(
        fig26.rows.filter((r) => r.year === 2022).map((r) => r.category),
      );
      expect(categories2022).toContain("CI/CD");
      expect(categories2022).toContain("Testing");
      const notes = (category: string) =>
        fig26.rows
          .find((r) => r.year === 2022 && r.category === category)!
          .notes.map((n) => n.text);
      expect(notes("CI/CD")).toContain('"CI/CD" first offered in 2022.');
      expect(notes("Security")).not.toContain('"CI/CD" first offered in 2022.');
      // Storage, ingress and service mesh products were not asked in 2022.
      for (const id of ["fig-2-2", "fig-2-4", "fig-2-5"]) {
        const { rows } = await computeFigure(db.conn, figureById.get(id)!);
        expect(rows.some((r) => r.year === 2022)).toBe(false);
      }
    });
  });
});
