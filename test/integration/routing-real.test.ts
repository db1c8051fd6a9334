import { describe, expect, it } from "vitest";
import { detectRouting } from "../../src/ingest/survey/routing.ts";
import { askedYears, routingBreaks } from "../../src/ingest/survey/routing-breaks.ts";
import { noRealData, withRealDatabase } from "../support/databases.ts";

// The filters' answers, as the codebook words them.
const YES_EVAL_2020 = ["Yes, evaluating", "Yes, in production"];
const NOT_YET = "Not yet, but planning to use it in the next 12 months";
const PILOTING = "Piloting or actively evaluating in test environments";
const A_FEW = "Used for a few production applications or business segments in the organization";
const MOST =
  "Used for most or all production applications and business segments throughout the organization";
const K8S_PILOT = "Yes, piloting or actively evaluating in test environments";
const K8S_PROD = "Yes, using in production";
const DONT_KNOW = "Don't know or not sure";
const CONTAINERS_ASKED = [PILOTING, "Planning to use in the next year", A_FEW, MOST];
const CONTAINERS_SKIPPED = [DONT_KNOW, "No near-term plans to use"];
const K8S_BLOCK_2020 = [
  "k8s_clusters",
  "k8s_app_separation",
  "k8s_team_separation",
  "local_k8s",
  "packaging",
  "autoscale_workloads",
  "autoscale_why_not",
];
const CONTAINER_BLOCK_2020 = [
  "container_stages",
  "containers",
  "certified_distributions",
  "certified_hosted",
  "certified_installers",
  "challenges",
];
const SERVERLESS_ASKED = [
  "Both hosted platform and installable software",
  "Hosted platform",
  "Installable software",
  ...YES_EVAL_2020,
];

/**
 * Every routing the detector finds in the real exports: year, list, filter, asked and skipped
 * answers, and answered / respondents on each side. Each row is re-counted below by a plain SQL
 * query over `answers`; the 2022 rows' skipped answers are also the ones the Survey Reference
 * Model's skip logic names (data/codebook/frames/srm-2022.yml: Q13.5/Q13.6 hide pages 4-7, Q16.3/
 * Q16.4 hide page 6, Q16.2 hides Q18, Q42.3-Q42.5 hide page 16).
 */
type Pinned = [number, string, string, string[], string[], number, number, number, number];
const PINNED: Pinned[] = [
  [
    2018,
    "grpc_use_cases",
    "grpc_use",
    ["No, I stopped using gRPC", "Not yet, but I plan to", "Yes"],
    ["No I have never used gRPC"],
    682,
    807,
    2,
    789,
  ],
  ...CONTAINER_BLOCK_2020.map((q): Pinned => [
    2020,
    q,
    "containers_in_use",
    ["Yes"],
    ["No", "Not sure"],
    979,
    979,
    0,
    25,
  ]),
  ...K8S_BLOCK_2020.map((q): Pinned => [
    2020,
    q,
    "k8s_yes_no",
    ["Yes"],
    ["No", "Not sure"],
    879,
    879,
    1,
    89,
  ]),
  ...["serverless_hosted", "serverless_installable"].map((q): Pinned => [
    2020,
    q,
    "serverless",
    SERVERLESS_ASKED,
    ["Neither", "No", NOT_YET],
    458,
    485,
    1,
    468,
  ]),
  [2020, "service_mesh", "service_mesh_use", YES_EVAL_2020, ["No", NOT_YET], 471, 471, 1, 476],
  [2020, "ingress", "service_proxy_use", YES_EVAL_2020, ["No", NOT_YET], 462, 462, 0, 484],
  [
    2020,
    "cicd",
    "cicd_use",
    YES_EVAL_2020,
    ["No", "Not yet, but planning to use in the next 12 months"],
    868,
    868,
    0,
    73,
  ],
  [
    2020,
    "storage",
    "stateful_apps",
    YES_EVAL_2020,
    ["No, stateless applications only", NOT_YET],
    628,
    628,
    0,
    292,
  ],
  [2022, "containers", "container_use", CONTAINERS_ASKED, CONTAINERS_SKIPPED, 1755, 1755, 0, 151],
  [2022, "challenges", "container_use", CONTAINERS_ASKED, CONTAINERS_SKIPPED, 1736, 1754, 0, 151],
  [2022, "k8s_clusters", "k8s_use", [K8S_PROD], [DONT_KNOW, "No", K8S_PILOT], 1053, 1053, 0, 796],
  [
    2022,
    "k8s_app_separation",
    "k8s_use",
    [K8S_PILOT, K8S_PROD],
    [DONT_KNOW, "No"],
    1473,
    1476,
    0,
    373,
  ],
  [2022, "packaging", "k8s_use", [K8S_PILOT, K8S_PROD], [DONT_KNOW, "No"], 1476, 1476, 0, 373],
  [
    2022,
    "autoscale_workloads",
    "k8s_use",
    [K8S_PILOT, K8S_PROD],
    [DONT_KNOW, "No"],
    1469,
    1475,
    0,
    373,
  ],
  [
    2022,
    "cicd",
    "cicd_use",
    [PILOTING, A_FEW],
    [DONT_KNOW, "No near-term plans to use", "Planning to use in the next year"],
    1300,
    1318,
    0,
    356,
  ],
];

/**
 * The counts of one (list, filter) pair, straight from `answers`: respondents who reached the
 * list (answered it or a closed question whose first column comes later; for the export's last
 * list, anything from the filter on), by their answer to the filter.
 */
const BASE_SQL = `
  WITH pos AS (
    SELECT question_id AS q, min(position) AS p FROM survey_columns
    WHERE year = $year AND question_id IN (SELECT id FROM codebook_questions WHERE type IN ('single', 'multi', 'matrix'))
    GROUP BY question_id),
  reach AS (
    SELECT respondent, max(p) AS reach FROM answers JOIN pos ON pos.q = answers.question
    WHERE year = $year GROUP BY respondent),
  bounds AS (
    SELECT (SELECT p FROM pos WHERE q = $question) AS qp, (SELECT p FROM pos WHERE q = $filter) AS fp,
      (SELECT max(reach) FROM reach) AS last),
  base AS (
    SELECT r.respondent,
      coalesce((SELECT list(DISTINCT option) FROM answers a
                WHERE a.year = $year AND a.question = $filter AND a.respondent = r.respondent), ['(no answer)']) AS given,
      EXISTS (SELECT 1 FROM answers a WHERE a.year = $year AND a.question = $question AND a.respondent = r.respondent) AS answered
    FROM reach r, bounds b
    WHERE r.reach >= CASE WHEN b.qp >= b.last THEN b.fp ELSE b.qp END)`;
const PAIR_SQL = `${BASE_SQL}
  SELECT option, count(*)::INTEGER AS n, count(*) FILTER (WHERE answered)::INTEGER AS answered
  FROM (SELECT unnest(given) AS option, answered FROM base) GROUP BY option ORDER BY option`;

describe.skipIf(noRealData)("routing detected in the real exports", () => {
  it("finds exactly the pinned routings, and stores them at ingest", async () => {
    const { detected, stored } = await withRealDatabase(async (query, db) => ({
      detected: await detectRouting(db.conn),
      stored: await query(
        `SELECT year, question, filter_question FROM question_routing ORDER BY year, question`,
      ),
    }));
    const key = (y: number, q: string, f: string) => `${y} ${q} ← ${f}`;
    expect(detected.map((f) => key(f.year, f.question, f.filter_question)).sort()).toEqual(
      PINNED.map(([y, q, f]) => key(y, q, f)).sort(),
    );
    expect(
      stored.map((r) => key(Number(r.year), String(r.question), String(r.filter_question))).sort(),
    ).toEqual(PINNED.map(([y, q, f]) => key(y, q, f)).sort());
    for (const [year, question, , asked, skipped, aAsked, nAsked, aSkipped, nSkipped] of PINNED) {
      const f = detected.find((d) => d.year === year && d.question === question)!;
      expect(f, `${year} ${question}`).toMatchObject({
        asked_options: [...asked].sort(),
        skipped_options: [...skipped].sort(),
        n_asked: nAsked,
        n_skipped: nSkipped,
      });
      expect(f.answer_rate_asked).toBeCloseTo(aAsked / nAsked, 10);
      expect(f.answer_rate_skipped).toBeCloseTo(aSkipped / nSkipped, 10);
    }
  });

  it("re-counts every pinned routing with plain SQL over answers", async () => {
    await withRealDatabase(async (query) => {
      for (const [
        year,
        question,
        filter,
        asked,
        skipped,
        aAsked,
        nAsked,
        aSkipped,
        nSkipped,
      ] of PINNED) {
        const groups = await query(PAIR_SQL, { year, question, filter });
        const of = (options: string[]) => groups.filter((g) => options.includes(String(g.option)));
        const sum = (gs: Record<string, unknown>[], k: string) =>
          gs.reduce((s, g) => s + Number(g[k]), 0);
        const label = `${year} ${question} ← ${filter}`;
        // Each asked answer: at least half answered the list; each skipped one: at most 2%, or one
        // stray respondent. (No respondent here gives two answers to these filters but 1H 2020's
        // serverless, whose totals are checked separately below.)
        for (const g of of(asked))
          expect(Number(g.answered) / Number(g.n), `${label}: ${g.option}`).toBeGreaterThanOrEqual(
            0.5,
          );
        for (const g of of(skipped))
          expect(Number(g.answered), `${label}: ${g.option}`).toBeLessThanOrEqual(
            Math.max(1, 0.02 * Number(g.n)),
          );
        if (filter === "serverless") continue;
        expect([sum(of(asked), "answered"), sum(of(asked), "n")], label).toEqual([aAsked, nAsked]);
        expect([sum(of(skipped), "answered"), sum(of(skipped), "n")], label).toEqual([
          aSkipped,
          nSkipped,
        ]);
      }
    });
  });

  it("counts a respondent with two answers to 1H 2020's serverless once, on the asked side", async () => {
    const [row] = await withRealDatabase((query) =>
      query(
        `${BASE_SQL},
         asked AS (SELECT CAST(CAST($asked AS JSON) AS VARCHAR[]) AS options)
         SELECT count(*) FILTER (WHERE list_has_any(given, (SELECT options FROM asked)))::INTEGER AS n_asked,
           count(*) FILTER (WHERE answered AND list_has_any(given, (SELECT options FROM asked)))::INTEGER AS a_asked,
           count(*) FILTER (WHERE NOT list_has_any(given, (SELECT options FROM asked)))::INTEGER AS n_skipped,
           count(*) FILTER (WHERE answered AND NOT list_has_any(given, (SELECT options FROM asked)))::INTEGER AS a_skipped
         FROM base`,
        {
          year: 2020,
          question: "serverless_hosted",
          filter: "serverless",
          asked: JSON.stringify(SERVERLESS_ASKED),
        },
      ),
    );
    // Everyone who reached the list answered serverless, so no one is left on neither side.
    expect(row).toEqual({ n_asked: 485, a_asked: 458, n_skipped: 468, a_skipped: 1 });
  });

  it("finds no routing in 2019, where every list but the serverless platforms was answered by 90% or more", async () => {
    const findings = await withRealDatabase((_, db) => detectRouting(db.conn, [2019]));
    expect(findings).toEqual([]);
  });

  it("leaves out lists whose rate is only low after some answers, with the near misses counted", async () => {
    await withRealDatabase(async (query) => {
      const rate = async (year: number, question: string, filter: string, option: string) =>
        (await query(PAIR_SQL, { year, question, filter })).find((g) => g.option === option);
      // 2018's hosted serverless list: "No" answered it 43 of 654 times (6.6%) — shown, and skipped
      // by most as irrelevant; gRPC satisfaction among those who never used gRPC: 19 of 789 (2.4%).
      expect(await rate(2018, "serverless_hosted", "serverless", "No")).toEqual({
        option: "No",
        n: 654,
        answered: 43,
      });
      expect(
        await rate(2018, "grpc_satisfaction", "grpc_use", "No I have never used gRPC"),
      ).toEqual({
        option: "No I have never used gRPC",
        n: 789,
        answered: 19,
      });
    });
    const findings = await withRealDatabase((_, db) => detectRouting(db.conn, [2018]));
    expect(findings.map((f) => f.question)).toEqual(["grpc_use_cases"]);
  });

  it("turns the findings into routing breaks between asked years", async () => {
    const breaks = await withRealDatabase(async (_, db) =>
      routingBreaks(await detectRouting(db.conn), await askedYears(db.conn)),
    );
    const k8s = breaks.filter((b) => b.question === "k8s_clusters");
    expect(k8s.map((b) => b.year)).toEqual([2020, 2022]);
    expect(k8s[1]!.text).toContain(
      `2022 asked this only of those who answered "${K8S_PROD}" to k8s_use`,
    );
    // service_mesh: 2019 shows no filter, 1H 2020 asks it after service_mesh_use; 2022 does not ask it.
    expect(breaks.filter((b) => b.question === "service_mesh").map((b) => b.year)).toEqual([2020]);
    expect(breaks.every((b) => b.kind === "routing")).toBe(true);
  });
});
