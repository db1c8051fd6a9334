import { describe, expect, it } from "vitest";
import { crosstabSpec } from "../../src/cli/commands/crosstab-spec.ts";
import { computeCrosstab, type CrosstabResult } from "../../src/survey/crosstab.ts";
import { noRealData, realDatabase, withRealDatabase } from "../support/databases.ts";
import { runCli } from "../support/cli.ts";
import { CrosstabJson } from "../support/crosstab-json.ts";

/**
 * Issue 16's acceptance on the real exports: for every closed question asked in more than one
 * respondent-level year, `crosstab <q> --by year` in both universes draws no letter between two
 * years across a recorded break that affects the row, and no row for an option a year did not list.
 * The breaks are read here straight from question_breaks with the rule written out in SQL, not
 * through the command's own code.
 */

const QUESTIONS_SQL = `
SELECT q.id FROM codebook_questions q
WHERE q.type IN ('single', 'multi', 'matrix')
  AND (SELECT count(DISTINCT year) FROM answers a WHERE a.question = q.id) > 1
ORDER BY q.id`;

/**
 * Breaks between years lo < year ≤ hi that affect a row: the row question's own (whole, or that
 * option). Left out, as the "affecting that row" allows, only what the Kubernetes-user
 * universe holds constant: routing on the filters every member passed, and don't-know-only changes
 * of the questions whose substantive answers decide membership.
 */
const ROW_BREAKS_SQL = `
SELECT count(*)::INTEGER AS n FROM question_breaks
WHERE NOT comparable AND question = $question AND (option IS NULL OR option = $option)
  AND year > $lo AND year <= $hi
  AND NOT ($k8s AND filter_question IN ('k8s_yes_no', 'containers_in_use', 'k8s_use', 'container_use'))
  AND NOT ($k8s AND valid_only AND question IN ('k8s_clusters', 'challenges'))
  -- a 2021 summary's own base, not a questionnaire change
  AND NOT (kind = 'universe' AND year NOT IN (SELECT year FROM survey_offered))`;

describe.skipIf(noRealData)("comparable trends on the real exports", () => {
  it("no letter and no trend between two years across a break affecting the row, in either universe, for every closed question", async () => {
    await withRealDatabase(async (query, db) => {
      const questions = (await query(QUESTIONS_SQL)).map((r) => String(r.id));
      expect(questions.length).toBeGreaterThan(20);
      const offered = new Set(
        (await query(`SELECT DISTINCT year, question, option FROM survey_offered`)).map(
          (r) => `${r.year}\u0000${r.question}\u0000${r.option}`,
        ),
      );
      let letters = 0;
      let trends = 0;
      let refused = 0;
      for (const question of questions)
        for (const universe of ["respondents", "k8s-users"]) {
          let r: CrosstabResult;
          try {
            r = await computeCrosstab(
              db.conn,
              await crosstabSpec(db.conn, { question, by: "year", universe }),
            );
          } catch {
            refused++; // a universe with one year of answers: nothing to compare
            continue;
          }
          for (const c of r.rows) {
            // no row for an option the year did not list
            expect(
              offered.has(`${c.year}\u0000${question}\u0000${c.option}`),
              `${question} ${c.year} ${c.option}`,
            ).toBe(true);
            for (const letter of c.higher_than) {
              letters++;
              const other = r.rows.find(
                (o) => o.letter === letter && o.option === c.option && o.level === c.level,
              )!;
              const [lo, hi] = [Math.min(c.year, other.year), Math.max(c.year, other.year)];
              // the whole 2022 sample mixes the paid panel in: never compared with earlier years
              expect(hi === 2022 && lo < 2022, `${question} ${c.option} ${lo}–${hi} (panel)`).toBe(
                false,
              );
              const [{ n }] = (await query(ROW_BREAKS_SQL, {
                question,
                option: c.option,
                lo,
                hi,
                k8s: universe === "k8s-users",
              })) as [{ n: number }];
              expect(n, `${universe}: ${question} "${c.option}" ${lo}–${hi}`).toBe(0);
            }
          }
          // a trend is tested only over years with no break affecting the row between them
          for (const t of r.trends.filter((x) => x.p !== null)) {
            trends++;
            const [lo, hi] = [t.years[0]!, t.years.at(-1)!];
            expect(t.years.length, `${question} ${t.option} trend`).toBeGreaterThanOrEqual(3);
            expect(hi === 2022 && lo < 2022, `${question} ${t.option} trend (panel)`).toBe(false);
            const [{ n }] = (await query(ROW_BREAKS_SQL, {
              question,
              option: t.option,
              lo,
              hi,
              k8s: universe === "k8s-users",
            })) as [{ n: number }];
            expect(n, `${universe}: ${question} "${t.option}" trend ${lo}–${hi}`).toBe(0);
          }
        }
      // The sweep did compare something: letters where the years are comparable, and trends.
      expect(letters).toBeGreaterThan(50);
      expect(trends).toBeGreaterThan(50);
      expect(refused).toBeLessThan(questions.length);
    });
  }, 600_000);

  it("no answer for an option its year did not list, anywhere in the database", async () => {
    const [{ n }] = (await withRealDatabase((query) =>
      query(`SELECT count(*)::INTEGER AS n FROM answers_all a
             ANTI JOIN survey_offered o ON o.year = a.year AND o.question = a.question AND o.option = a.option`),
    )) as [{ n: number }];
    expect(n).toBe(0);
  });

  it("GitLab, typed into 2018's Other box, is Other: 2018 did not list it, so it has no 2018 row", async () => {
    // From the raw cells: the 2018 CI/CD question's Other box holds exactly "GitLab" (any case) 69
    // times — the answers that used to be counted as a GitLab option 2018 never offered (70 more
    // boxes name GitLab among other tools).
    const [typed] = await withRealDatabase((query) =>
      query(`SELECT count(*)::INTEGER AS n FROM survey_cells c
             JOIN survey_columns s ON s.source = c.source AND s.position = c.position
             WHERE c.year = 2018 AND s.question_id = 'cicd' AND s.kind = 'other' AND lower(trim(c.value)) = 'gitlab'`),
    );
    expect(typed!.n).toBe(69);
    const r = CrosstabJson.parse(
      JSON.parse(
        (await runCli(["crosstab", "cicd", "--by", "year", "--format", "json"], realDatabase))
          .stdout,
      ),
    );
    const gitlab = r.rows.filter((c) => c.option === "GitLab");
    expect(gitlab.map((c) => c.year)).toEqual([2019, 2020, 2022]);
    // No later year is "higher than" 2018 on GitLab: there is no 2018 cell to be higher than.
    const a2018 = r.columns.find((c) => c.label === "2018")!.letter;
    expect(gitlab.some((c) => c.higher_than.includes(a2018))).toBe(false);
    // Other's 2018 share holds those typed answers: 23.3% of 1,643 who answered.
    const other = r.rows.find((c) => c.year === 2018 && c.option === "Other (please specify)")!;
    expect(other.n).toBe(1643);
  });

  it("every option list that changes between two years carries a break, computed from the columns here", async () => {
    await withRealDatabase(async (query) => {
      // Option columns per question and year, straight from survey_columns (not survey_offered).
      const rows = await query(`
        SELECT question_id AS q, year, list(DISTINCT option_id ORDER BY option_id) AS options, any_value(t.type) AS type
        FROM survey_columns s JOIN codebook_questions t ON t.id = s.question_id
        WHERE option_id IS NOT NULL AND kind IN ('option', 'other') GROUP BY ALL
        -- a list the columns spell out (a one-column question's list is the codebook's)
        HAVING count(*) FILTER (WHERE kind = 'option') > 0
        ORDER BY q, year`);
      const byQuestion = new Map<string, { year: number; options: string[]; type: string }[]>();
      for (const r of rows)
        byQuestion.set(String(r.q), [
          ...(byQuestion.get(String(r.q)) ?? []),
          {
            year: Number(r.year),
            options: (r.options as string[]).map(String),
            type: String(r.type),
          },
        ]);
      let changes = 0;
      for (const [q, years] of byQuestion)
        for (let k = 1; k < years.length; k++) {
          const [before, now] = [years[k - 1]!, years[k]!];
          const changed = [
            ...now.options.filter((o) => !before.options.includes(o)),
            ...before.options.filter((o) => !now.options.includes(o)),
          ];
          for (const option of changed) {
            changes++;
            const [{ n }] = (await query(
              `SELECT count(*)::INTEGER AS n FROM question_breaks
               WHERE question = $q AND year = $y AND kind = 'options' AND NOT comparable
                 AND (option = $option OR option IS NULL)`,
              { q, y: now.year, option },
            )) as [{ n: number }];
            expect(
              n,
              `${q} ${before.year}→${now.year}: "${option}" changed with no break`,
            ).toBeGreaterThan(0);
          }
        }
      expect(changes).toBeGreaterThan(100);
    });
  });

  it("asked, answered, no answer: 2018's CI/CD question as plain SQL counts them", async () => {
    const r = CrosstabJson.parse(
      JSON.parse(
        (
          await runCli(
            ["crosstab", "cicd", "--by", "year", "--year", "2018", "--format", "json"],
            realDatabase,
          )
        ).stdout,
      ),
    );
    const [expected] = (await withRealDatabase((query) =>
      query(`
        WITH first_col AS (SELECT min(position) AS p FROM survey_columns WHERE year = 2018 AND question_id = 'cicd'),
        later AS (SELECT DISTINCT question_id AS q FROM survey_columns, first_col f WHERE year = 2018 AND question_id IS NOT NULL AND position >= f.p)
        SELECT
          (SELECT count(DISTINCT respondent) FROM answers WHERE year = 2018 AND question IN (SELECT q FROM later))::INTEGER AS asked,
          (SELECT count(DISTINCT respondent) FROM answers WHERE year = 2018 AND question = 'cicd')::INTEGER AS answered`),
    )) as [{ asked: number; answered: number }];
    const cell = r.rows.find((c) => c.year === 2018)!;
    expect(cell).toMatchObject({
      asked: expected!.asked,
      answered: expected!.answered,
      no_answer: expected!.asked - expected!.answered,
      n: expected!.answered,
    });
  });
});
