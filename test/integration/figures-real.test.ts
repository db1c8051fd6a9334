import { describe, expect, it } from "vitest";
import { z } from "zod";
import { noRealData, realDatabase, withRealDatabase } from "../support/databases.ts";
import { runCli } from "../support/cli.ts";

const run = (args: string[]) => runCli(args, realDatabase);

/** The JSON output contract of FIGURES.md. */
const FigureJson = z.strictObject({
  id: z.string(),
  title: z.string(),
  universe: z.string(),
  disclosure: z.string().regex(/self-selected.*simple random sample/s),
  rows: z.array(
    z.strictObject({
      year: z.number().int(),
      segment: z.string(),
      category: z.string(),
      n: z.number().int().positive().nullable(),
      answered: z.number().int().nonnegative().nullable(),
      count: z.number().int().nonnegative().nullable(),
      share: z.number().min(0).max(1),
      ci_low: z.number().min(0).max(1).nullable(),
      ci_high: z.number().min(0).max(1).nullable(),
      source: z.enum(["computed", "published", "marginal"]),
      sample: z.enum(["all", "community", "panel"]),
      notes: z.array(z.strictObject({ kind: z.string(), text: z.string().min(1) })),
    }),
  ),
});
type FigureJson = z.infer<typeof FigureJson>;

const figure = async (id: string, ...extra: string[]): Promise<FigureJson> =>
  FigureJson.parse(JSON.parse((await run(["figure", id, "--format", "json", ...extra])).stdout));
const row = (f: FigureJson, year: number, segment: string, category: string) =>
  f.rows.find(
    (r) =>
      r.year === year &&
      r.segment === segment &&
      r.category === category &&
      r.source === "computed",
  );

describe.skipIf(noRealData)("the book's figures from the real exports", () => {
  it("fig-1-1: the book's sample sizes and 39% in 2019", async () => {
    const f = await figure("fig-1-1");
    expect(row(f, 2018, "all", "more than 5 clusters")).toMatchObject({ n: 1475, count: 550 });
    expect(row(f, 2019, "all", "more than 5 clusters")).toMatchObject({ n: 1197, count: 468 });
    expect(Math.round(row(f, 2019, "all", "more than 5 clusters")!.share * 100)).toBe(39);
    // 2017 exists only in print.
    expect(f.rows.find((r) => r.year === 2017)).toMatchObject({
      source: "published",
      share: 0.34,
      n: 454,
    });
    for (const r of f.rows.filter((r) => r.source === "computed")) {
      expect(r.ci_low!).toBeLessThan(r.share);
      expect(r.ci_high!).toBeGreaterThan(r.share);
    }
  });

  it("fig-2-6: n by cluster group as printed", async () => {
    const f = await figure("fig-2-6");
    const n = (year: number, segment: string) =>
      f.rows.find((r) => r.year === year && r.segment === segment)!.n;
    expect([
      n(2018, "1-5 clusters"),
      n(2018, "more than 5 clusters"),
      n(2019, "1-5 clusters"),
      n(2019, "more than 5 clusters"),
    ]).toEqual([925, 550, 729, 468]);
    // Every challenge the survey offered is listed, in each year.
    expect(f.rows.filter((r) => r.year === 2019 && r.segment === "1-5 clusters")).toHaveLength(14);
  });

  it("headline shares: 61% (>5000), 56% (1000+), 62% (1000+ containers), NGINX 66%, EKS 30%, GKE 29%, 78% in production", async () => {
    const pct = (r: { share: number } | undefined) => Math.round(r!.share * 100);
    const f12 = await figure("fig-1-2", "--year", "2019");
    expect(pct(row(f12, 2019, ">5000", "more than 5 clusters"))).toBe(61);
    expect(pct(row(f12, 2019, "1000+", "more than 5 clusters"))).toBe(56);
    expect(
      pct(
        row(await figure("containers-1000-plus"), 2019, "more than 5 clusters", "1000+ containers"),
      ),
    ).toBe(62);
    expect(pct(row(await figure("fig-2-4"), 2019, "all", "NGINX"))).toBe(66);
    const f27 = await figure("fig-2-7");
    expect(
      pct(row(f27, 2019, "all", "Amazon Elastic Container Service for Kubernetes (EKS)")),
    ).toBe(30);
    expect(pct(row(f27, 2019, "all", "Google Kubernetes Engine (GKE)"))).toBe(29);
    expect(
      pct(row(await figure("adoption-kubernetes"), 2019, "all", "Kubernetes in production")),
    ).toBe(78);
  });

  it("storage and service mesh universes: n = 1149 and 1082", async () => {
    const f22 = await figure("fig-2-2", "--year", "2019");
    expect(new Set(f22.rows.map((r) => r.n))).toEqual(new Set([1149]));
    // The 2019 survey offered 38 storage options besides its Other/None box.
    expect(f22.rows.filter((r) => r.category !== "Other (please specify)")).toHaveLength(38);
    const f25 = await figure("fig-2-5");
    expect(new Set(f25.rows.filter((r) => r.year === 2019).map((r) => r.n))).toEqual(
      new Set([1082]),
    );
  });

  it("computes each figure for every year whose export asks its questions", async () => {
    const years = async (id: string) => [
      ...new Set((await figure(id)).rows.filter((r) => r.source === "computed").map((r) => r.year)),
    ];
    expect(await years("fig-2-6")).toEqual([2018, 2019, 2020, 2022]);
    expect(await years("fig-2-5")).toEqual([2019, 2020]);
    expect(await years("fig-2-7")).toEqual([2018, 2019]);
    const marginal = async (id: string) => [
      ...new Set((await figure(id)).rows.filter((r) => r.source === "marginal").map((r) => r.year)),
    ];
    // 2021's summaries stand in where one question's marginal means the same thing.
    for (const id of ["fig-1-1", "fig-2-2", "fig-2-3", "fig-2-4", "fig-2-5", "adoption-kubernetes"])
      expect(await marginal(id)).toEqual([2021]);
    for (const id of ["fig-1-2", "fig-2-6", "fig-2-7", "containers-1000-plus"])
      expect(await marginal(id)).toEqual([]);
  });

  it("a 2021 summary row carries only the breaks of the question it summarises", async () => {
    // The codebook's 2021 breaks, read from the database (not from the figure's output).
    const breaks2021 = await withRealDatabase((query) =>
      query("SELECT question, explanation FROM codebook_breaks WHERE year = 2021"),
    );
    const textsOf = (question: string) =>
      breaks2021.filter((b) => b.question === question).map((b) => String(b.explanation));
    // fig-1-1 reads k8s_clusters and challenges; its 2021 value summarises k8s_clusters alone.
    expect(textsOf("challenges").length).toBeGreaterThan(0);
    const f11 = await figure("fig-1-1", "--year", "2021");
    const [row] = f11.rows.filter((r) => r.source === "marginal");
    const texts = row!.notes.map((n) => n.text);
    for (const t of textsOf("k8s_clusters")) expect(texts).toContain(t);
    for (const t of textsOf("challenges")) expect(texts).not.toContain(t);
    expect(texts.at(-1)).toMatch(/2021 wave 1/);
    expect(texts).toHaveLength(textsOf("k8s_clusters").length + 1);
  });

  it("filters by year and segment, and renders CSV, Vega-Lite and SVG from the same rows", async () => {
    const csv = (
      await run([
        "figure",
        "fig-2-6",
        "--year",
        "2019",
        "--segment",
        "1-5 clusters",
        "--format",
        "csv",
      ])
    ).stdout
      .trim()
      .split("\n");
    expect(csv[0]).toBe(
      "year,segment,category,n,answered,count,share,ci_low,ci_high,source,sample,notes",
    );
    expect(csv).toHaveLength(15);
    const spec = JSON.parse((await run(["figure", "fig-1-1", "--format", "vega-lite"])).stdout);
    expect(spec.data.values).toEqual((await figure("fig-1-1")).rows);
  });

  it("an unknown figure lists the valid ids", async () => {
    await expect(run(["figure", "fig-9-9"])).rejects.toMatchObject({
      stderr: expect.stringMatching(
        /unknown figure: fig-9-9.*Valid ids: fig-1-1, containers-1000-plus/,
      ),
    });
  });

  it("verify passes: every claim recorded as reproduced still reproduces", async () => {
    const { stdout } = await run(["verify", "--format", "json"]);
    const claims = JSON.parse(stdout) as { id: string; status: string }[];
    const status = new Map(claims.map((c) => [c.id, c.status]));
    expect(status.get("fig-1-1-2019")).toBe("reproduced");
    expect(status.get("ingress-nginx")).toBe("reproduced");
    // 166 / 1149 = 14.447%, printed 14.4%: judged on the unrounded share (it was "close" when
    // the figure row's four-decimal 0.1445 was rounded again).
    const ceph = claims.find((c) => c.id === "fig-2-3-ceph-all") as unknown as Record<
      string,
      unknown
    >;
    expect(ceph).toMatchObject({ count: 166, n: 1149, status: "reproduced" });
    // Printed, checked, and honestly not matching under the stated definition.
    expect(status.get("ingress-mean-networking-challenged")).toBe("not reproduced");
    expect(status.get("adoption-2017")).toBe("no raw data");
  });
});

describe.skipIf(noRealData)("the same figure prints its rows in the same order every run", () => {
  it("fig-2-4's 2021 rows follow the codebook's option order, not the tie of one workbook row", async () => {
    // Every ingress option of the 2021 wave-2 workbook sits on one row: ordered by that row
    // alone, the rows came out in another order from one run to the next.
    const f = await figure("fig-2-4", "--year", "2021");
    const { stdout } = await run([
      "sql",
      `SELECT option FROM codebook_options WHERE question = 'ingress' ORDER BY "order"`,
      "--format",
      "json",
    ]);
    const order = (JSON.parse(stdout) as { option: string }[]).map((o) => o.option);
    const categories = f.rows.map((r) => r.category);
    expect(categories.length).toBeGreaterThan(10);
    expect(categories).toEqual(order.filter((o) => categories.includes(o)));
  });
});
