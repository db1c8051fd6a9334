import { describe, expect, it } from "vitest";
import { coverage } from "../../src/survey/coverage.ts";
import { noRealData, withRealDatabase } from "../support/databases.ts";

// One answer of four harmonised questions, counted in the published samples, per year. Counted
// independently with Python's csv module on the raw files (a throwaway script, not the loaders):
// 2018 after joining its split "Load-Balancer" header cell, 1H 2020 read as Mac Roman (a single
// choice there is the column headed by the answer: "1 to 5", whose cells hold Excel's "5-Jan"),
// 2022 read as Windows-1252 with \r\r\n folded, its codes looked up in the SRM frame and the guide's
// four screening rules applied (Q2 = 2, Q7 ≠ 9, Q5 ∉ {9, 10}, Q13 answered: 2,063 rows).
// - fleet_size "1-5": 2018 cell "1-5" 106, 2019 66, 1H 2020 column "1 to 5" 82, 2022 Q12 code 1 112
//   (119 of all 2,286 rows).
// - code_checkins "Multiple times a day": 764 in 2018's column plus row 785, whose typed comma
//   (" SCM", column 16) pushed its "Multiple times a day" one column right (765 once rejoined),
//   771, 680, Q38 code 1 619; "N/A": 2019 "N/A" 83,
//   1H 2020 "N/A or don't know" 97, 2022 Q38 code 5 "Not applicable or don't know" 142.
// - data_center "Public Cloud": 2018 1,750, 2019 834, 1H 2020 777, 2022 Q10 code 2 "Public Cloud
//   (one or more more clouds)" 1,045. 2019 counts the Public Cloud column only (831): three more
//   respondents typed "Public Cloud" into the "Other" box, which stays Other (issue 16).
// - autoscale_workloads "Task/Queue processing applications": 592, 530, 297, 2022 Q21 code 2
//   "Task/Queue processing" 721.
const EXPECTED = [
  { year: 2018, fleet: 106, checkins: 765, checkins_na: 0, public_cloud: 1750, task_queue: 592 },
  { year: 2019, fleet: 66, checkins: 771, checkins_na: 83, public_cloud: 831, task_queue: 530 },
  { year: 2020, fleet: 82, checkins: 680, checkins_na: 97, public_cloud: 777, task_queue: 297 },
  { year: 2022, fleet: 112, checkins: 619, checkins_na: 142, public_cloud: 1045, task_queue: 721 },
];

const COUNTS = `
SELECT year,
  count(*) FILTER (WHERE question = 'fleet_size' AND option = '1-5')::INTEGER AS fleet,
  count(*) FILTER (WHERE question = 'code_checkins' AND option = 'Multiple times a day')::INTEGER AS checkins,
  count(*) FILTER (WHERE question = 'code_checkins' AND option = 'N/A')::INTEGER AS checkins_na,
  count(*) FILTER (WHERE question = 'data_center' AND option = 'Public Cloud')::INTEGER AS public_cloud,
  count(*) FILTER (WHERE question = 'autoscale_workloads' AND option = 'Task/Queue processing applications')::INTEGER AS task_queue
FROM answers WHERE year <> 2021 GROUP BY year ORDER BY year`;

describe.skipIf(noRealData)("the codebook on the real exports", () => {
  it("maps every closed question of each respondent-level export", async () => {
    const rows = await withRealDatabase((_, db) => coverage(db.conn));
    expect(rows.map((r) => [r.period, r.coverage, r.unmapped_questions])).toEqual([
      ["2018", 100, []],
      ["2019", 100, []],
      ["1H 2020", 100, []],
      ["2022", 100, []],
    ]);
    // Left out on purpose: 2018's four header-less columns after "what CNCF is" (stray e-mail
    // addresses of shifted rows), the typed "other benefits" box of 2019 and 1H 2020.
    expect(rows.map((r) => r.unmapped_columns)).toEqual([4, 1, 1, 0]);
    expect(rows.map((r) => r.closed_questions)).toEqual([40, 38, 48, 41]);
  });

  it("gives one harmonised answer the same meaning in every year, as the raw files count it", async () => {
    const rows = await withRealDatabase((q) => q(COUNTS));
    expect(rows).toEqual(EXPECTED);
  });
});
