import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.ts";
import { noRealData, realDatabase, withRealDatabase } from "../support/databases.ts";

/**
 * The 2021 wave 2 and 2022 reference dates (data/surveys/*.yml) checked against the landscape
 * facts that bound them, queried here from the real database: each date must give every listed
 * project its survey block, and be the earliest date that does, inside the fieldwork the spec
 * gives (shared/spec/SURVEYS-2021-2022.md: 2021 wave 2 Aug–Nov 2021, 2022 30 Jun – 27 Sep 2022).
 */

// The earliest date any snapshot records for each step, per landscape item key (as project-adoption.ts).
const HISTORY = `
SELECT lower(regexp_replace(trim(name), '\\s+', ' ', 'g')) AS k,
       CAST(min(accepted) AS VARCHAR) AS accepted, CAST(min(incubating) AS VARCHAR) AS incubating,
       CAST(min(graduated) AS VARCHAR) AS graduated
FROM landscape_items GROUP BY 1`;

type Step = { accepted: string | null; incubating: string | null; graduated: string | null };

function maturityAt(h: Step | undefined, date: string): string {
  if (!h) return "unknown";
  if (h.graduated && h.graduated <= date) return "graduated";
  if (h.incubating && h.incubating <= date) return "incubating";
  if (h.accepted && h.accepted <= date) return "sandbox";
  return "none";
}

const dayBefore = (d: string) =>
  new Date(Date.parse(`${d}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

async function facts() {
  return withRealDatabase(async (q) => {
    const dates = Object.fromEntries(
      (
        await q(
          "SELECT source, CAST(reference_date AS VARCHAR) AS d FROM survey_sources ORDER BY source",
        )
      ).map((r) => [String(r.source), r.d === null ? null : String(r.d)]),
    );
    const history = new Map((await q(HISTORY)).map((r) => [String(r.k), r as unknown as Step]));
    const at = (name: string) => history.get(name.toLowerCase());
    // Each year's listed projects with the block the survey put them in.
    const blocks2022 = await q(`
      SELECT DISTINCT option_id AS project,
             regexp_extract(question, '(graduated|incubating) CNCF projects', 1) AS block
      FROM survey_columns WHERE year = 2022 AND question_id = 'cncf_projects'`);
    const blocks2021 = await q(`
      SELECT DISTINCT item_id AS project,
             regexp_extract(lower(question), '(graduated|incubating|sandbox)', 1) AS block
      FROM published_marginals WHERE wave = 2 AND question_id = 'cncf_projects'`);
    return { dates, at, blocks2022, blocks2021 };
  });
}

describe.skipIf(noRealData)("the 2021 wave 2 and 2022 reference dates", () => {
  it("2022-07-13: Keptn's incubation bounds it below, SPIFFE's and SPIRE's graduation above", async () => {
    const { dates, at, blocks2022 } = await facts();
    const d = dates["survey-2022"]!;
    expect(d).toBe("2022-07-13");
    expect(d >= "2022-06-30" && d <= "2022-09-27").toBe(true);
    // Listed as incubating: Keptn and CubeFS must be incubating by then …
    expect(at("Keptn")!.incubating! <= d).toBe(true);
    expect(at("CubeFS")!.incubating! <= d).toBe(true);
    // … and the date is the first that makes Keptn so (one day earlier it read sandbox).
    expect(at("Keptn")!.incubating).toBe(d);
    // SPIFFE and SPIRE, listed as incubating, graduated after it.
    expect(at("SPIFFE")!.graduated! > d).toBe(true);
    expect(at("SPIRE")!.graduated! > d).toBe(true);
    // Every graduated/incubating block entry reads as its block at the date (survey names map to
    // the landscape's as project-adoption.ts maps them), and not all do the day before.
    const name = (p: string) =>
      ({
        CNI: "Container Network Interface (CNI)",
        TUF: "The Update Framework (TUF)",
        "Open Policy Agent": "Open Policy Agent (OPA)",
        Notary: "Notary Project",
      })[p] ?? p;
    expect(blocks2022.length).toBe(51);
    const off = (date: string) =>
      blocks2022.filter((b) => maturityAt(at(name(String(b.project))), date) !== b.block);
    expect(off(d)).toEqual([]);
    expect(off(dayBefore(d)).map((b) => b.project)).toContain("Keptn");
  });

  it("2021-08-26: OpenTelemetry's incubation bounds it below, Crossplane's above", async () => {
    const { dates, at, blocks2021 } = await facts();
    const d = dates["survey-2021-part2"]!;
    expect(d).toBe("2021-08-26");
    expect(d >= "2021-08-01" && d <= "2021-11-30").toBe(true);
    const block = (p: string) => blocks2021.find((b) => b.project === p)?.block;
    // Listed incubating / graduated, and so by then.
    expect(block("OpenTelemetry")).toBe("incubating");
    expect(at("OpenTelemetry")!.incubating).toBe(d);
    expect(block("KEDA")).toBe("incubating");
    expect(at("KEDA")!.incubating! <= d).toBe(true);
    expect(block("Linkerd")).toBe("graduated");
    expect(at("Linkerd")!.graduated! <= d).toBe(true);
    // Still in the Sandbox block: Crossplane, incubating only later.
    expect(block("Crossplane")).toBe("sandbox");
    expect(at("Crossplane")!.incubating! > d).toBe(true);
    // Projects accepted after the date are not listed (Karmada, MetalLB: 2021-09-14).
    for (const p of ["Karmada", "MetalLB"]) {
      expect(at(p)!.accepted! > d).toBe(true);
      expect(block(p)).toBeUndefined();
    }
  });

  it("2021 wave 1 has no date: it lists no CNCF project", async () => {
    const { dates } = await facts();
    expect(dates["survey-2021-part1"]).toBeNull();
    const rows = await withRealDatabase((q) =>
      q(
        "SELECT count(*)::INTEGER AS n FROM published_marginals WHERE wave = 1 AND question_id = 'cncf_projects'",
      ),
    );
    expect(rows[0]!.n).toBe(0);
  });

  it("landscape --adoption lists 2021 wave 2 and 2022 with the maturity then and each row's basis", async () => {
    const { stdout } = await runCli(["landscape", "--adoption", "--format", "json"], realDatabase);
    const rows = JSON.parse(stdout) as Record<string, unknown>[];
    const row = (project: string, year: number, sample = "all") =>
      rows.find((r) => r.project === project && r.year === year && r.sample === sample)!;
    // Checked by hand in data/raw/cncf-landscape/landscape-2022-12-31.yml: Keptn accepted
    // 2020-06-25, incubating 2022-07-13; SPIRE incubating 2020-06-22, graduated 2022-08-22;
    // Crossplane accepted 2020-06-25, incubating 2021-09-14; Linkerd graduated 2021-07-28;
    // OpenTelemetry accepted 2019-05-07, incubating 2021-08-26.
    expect(row("Keptn", 2022)).toMatchObject({
      maturity_then: "incubating",
      reference_date: "2022-07-13",
    });
    expect(row("Keptn", 2021)).toMatchObject({ maturity_then: "sandbox", period: "2021 wave 2" });
    expect(row("SPIRE", 2022).maturity_then).toBe("incubating");
    expect(row("Crossplane", 2021).maturity_then).toBe("sandbox");
    expect(row("Crossplane", 2022).maturity_then).toBe("incubating");
    expect(row("Linkerd", 2021).maturity_then).toBe("graduated");
    expect(row("OpenTelemetry", 2021).maturity_then).toBe("incubating");
    // 2021 is the published Total row: production is the workbook's count, n the row's answers.
    const k21 = row("Kubernetes", 2021);
    const total = await withRealDatabase((q) =>
      q(`SELECT option, count FROM published_marginals
         WHERE wave = 2 AND question_id = 'cncf_projects' AND item_id = 'Kubernetes' AND region = 'Total'`),
    );
    const count = (o: string) => Number(total.find((t) => t.option === o)!.count);
    expect(k21).toMatchObject({
      basis: "published marginal",
      production: count("Using in production"),
    });
    expect(k21.n).toBe(total.reduce((s, t) => s + Number(t.count), 0));
    expect(String(k21.note)).toMatch(/published summary/);
    // The Sandbox block's base is filtered, and says so.
    expect(String(row("Backstage", 2021).note)).toMatch(/Sandbox block asked only/);
    // 2022 comes whole and split; the parts add up, and each says which sample it is.
    const [all, community, panel] = ["all", "community", "panel"].map((s) =>
      row("Kubernetes", 2022, s),
    );
    expect(all!.basis).toBe("respondents");
    expect(Number(community!.n) + Number(panel!.n)).toBe(all!.n);
    expect(Number(community!.production) + Number(panel!.production)).toBe(all!.production);
    expect(String(all!.note)).toMatch(/paid panel/);
    expect(String(panel!.note)).toMatch(/paid-panel part/);
    // Community-only years carry no sample note and no split.
    expect(row("Kubernetes", 2019).note).toBeNull();
    expect(rows.some((r) => r.year === 2019 && r.sample !== "all")).toBe(false);
  });
});
