import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { JSDOM, VirtualConsole } from "jsdom";
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { siteDataDir } from "../../src/site/write-site-data.ts";
import { SAMPLING_DISCLOSURE, SAMPLING_DISCLOSURE_SHORT } from "../../src/survey/disclosure.ts";
import { runCli } from "../support/cli.ts";
import { noRealData, realDatabase, withRealDatabase } from "../support/databases.ts";
import { CARD_PAGES, useSite, type RunningSite } from "../support/site.ts";

// Issue 16 on the site: a trend's 2022 point is its community part unless the reader chooses
// otherwise, 2021's summaries stand apart from the line, and every interval comes with the
// sampling disclosure — in the HTML before any script runs.

interface Row {
  year: number;
  segment: string;
  category: string;
  n: number;
  count: number;
  share: number;
  source: string;
  sample: string;
  notes: { kind: string; text: string }[];
}

let site: RunningSite;

/** The CLI's own rows of a figure, every 2022 sample included. */
async function cliRows(id: string): Promise<Row[]> {
  const { stdout } = await runCli(
    ["figure", id, "--sample", "split", "--format", "json"],
    realDatabase,
  );
  return JSON.parse(stdout).rows;
}

const siteFigure = async (id: string): Promise<{ result: { rows: Row[] } }> =>
  JSON.parse(await readFile(join(siteDataDir, "figures", `${id}.json`), "utf8"));

/** Opens a page and waits until every figure card on it is the interactive one, trend drawn. */
async function open(
  path: string,
  options: { width?: number; colorScheme?: "light" | "dark" } = {},
) {
  const visit = await site.visit(path, options);
  await visit.page.waitForFunction(
    () =>
      [...document.querySelectorAll(".figure-card")].every(
        (c) => !c.hasAttribute("data-prerendered") && c.querySelector(".trend-chart svg"),
      ),
    undefined,
    { timeout: 30_000 },
  );
  return visit;
}

/** The trend table's row of one year, as cells' text. */
async function trendRow(card: Locator, year: string): Promise<string[]> {
  const rows = card.locator(".trend-section details table tbody tr");
  for (const row of await rows.all()) {
    const cells = await row.locator("td").allTextContents();
    if (cells[0] === year) return cells;
  }
  throw new Error(`no ${year} row in the trend table`);
}

/** The x positions (px) of the ends of the trend's connector paths. */
const connectorEnds = (page: Page, id: string) =>
  page.locator(`#${id} .trend-chart [aria-description$='connectors'] path`).evaluateAll((ps) =>
    ps.flatMap((p) => {
      const d = p.getAttribute("d") ?? "";
      const numbers = [...d.matchAll(/-?\d+(\.\d+)?/g)].map((m) => Number(m[0]));
      // "M x1,y1 L x2,y2" (Plot.link, straight): the ends' x are the 1st and 3rd numbers.
      return [numbers[0]!, numbers.at(-2)!];
    }),
  );

describe.skipIf(noRealData)("trends on the site: like with like, or say why not", () => {
  site = useSite();

  it("carries the disclosure in the HTML before any script runs", async () => {
    const html = async (path: string) =>
      // A quiet console: jsdom cannot parse the inlined stylesheet, and need not.
      new JSDOM(await (await fetch(`${site.base}${path}`)).text(), {
        virtualConsole: new VirtualConsole(),
      }).window.document;
    for (const [path, ids] of Object.entries(CARD_PAGES)) {
      const doc = await html(path);
      for (const id of ids) {
        const card = doc.querySelector(`#${id}[data-prerendered]`);
        expect(card, `${path} #${id} prerendered`).not.toBeNull();
        // Under the year chart, before the notes.
        expect(card!.querySelector(".chart + .disclosure")?.textContent, `${path} #${id}`).toBe(
          SAMPLING_DISCLOSURE_SHORT,
        );
      }
    }
    for (const path of ["/methods", "/scorecard"]) {
      const doc = await html(path);
      const text = doc.querySelector(".view-slot[data-view=disclosure]")?.textContent ?? "";
      expect(text, path).toContain(SAMPLING_DISCLOSURE);
    }
    // And a reader without JavaScript sees it.
    const visit = await site.visit("/methods", { javaScriptEnabled: false });
    try {
      expect(await visit.page.getByText(SAMPLING_DISCLOSURE).isVisible()).toBe(true);
    } finally {
      await visit.close();
    }
  });

  it("shows the trend's sample control on every card whose trend reaches 2022, and only there", async () => {
    const split = new Set<string>();
    for (const ids of Object.values(CARD_PAGES))
      for (const id of ids)
        if ((await siteFigure(id)).result.rows.some((r) => r.sample === "community")) split.add(id);
    // The figures computed from the 2022 export (README, "Figures").
    expect([...split].sort()).toEqual(
      [
        "adoption-kubernetes",
        "container-use",
        "containers-1000-plus",
        "fig-1-1",
        "fig-1-2",
        "fig-2-6",
        "kubernetes-use",
      ].sort(),
    );
    for (const [path, ids] of Object.entries(CARD_PAGES)) {
      const visit = await open(path);
      try {
        for (const id of ids) {
          const card = visit.page.locator(`#${id}`);
          const control = card.locator("select[aria-label='Trend sample']");
          const years = await card
            .locator(".trend-section details table tbody tr td:first-child")
            .allTextContents();
          expect(years.includes("2022"), `${id}: trend reaches 2022`).toBe(split.has(id));
          expect(await control.isVisible(), `${id}: trend sample control`).toBe(split.has(id));
          if (!split.has(id)) continue;
          expect(await control.inputValue(), id).toBe("community");
          // "all" is there, named as the view that reproduces CNCF's published numbers.
          expect(await control.locator("option[value=all]").textContent()).toMatch(
            /all respondents.*CNCF published/,
          );
          // The card says why bars and trend start from different samples.
          expect(await card.locator(".sample-note").textContent()).toMatch(
            /bars.*whole sample.*community part/s,
          );
        }
        expect(visit.problems).toEqual([]);
      } finally {
        await visit.close();
      }
    }
  });

  it("draws 2022's community part by default, and the whole sample when chosen, in the URL", async () => {
    const rows = (await cliRows("fig-1-1")).filter((r) => r.year === 2022);
    const community = rows.find((r) => r.sample === "community")!;
    const all = rows.find((r) => r.sample === "all")!;
    // The two views differ: the test could not pass by drawing either one.
    expect(community.share).not.toBe(all.share);
    const visit = await open("/deployment-size");
    let url: string;
    try {
      const card = visit.page.locator("#fig-1-1");
      expect(visit.page.url()).not.toContain("fig-1-1.sample");
      const row = await trendRow(card, "2022");
      expect(row[4]).toBe(`${community.count} / ${community.n}`);
      expect(row[7]).toBe("community");
      const ticks = await card
        .locator(".trend-chart [aria-label='x-axis tick label'] text")
        .allTextContents();
      expect(ticks.at(-1)).toBe("2022(community)");
      // The bars keep the whole sample, as CNCF published it.
      expect(await card.locator(".subtitle").textContent()).toContain(`2022: n = ${all.n}`);
      const bars = await card.locator(".chart").innerHTML();

      await card.locator("select[aria-label='Trend sample']").selectOption("all");
      expect((await trendRow(card, "2022"))[4]).toBe(`${all.count} / ${all.n}`);
      expect(
        await card
          .locator(".trend-chart [aria-label='x-axis tick label'] text")
          .last()
          .textContent(),
      ).toBe("2022(all)");
      expect(await card.locator(".chart").innerHTML()).toBe(bars);
      url = visit.page.url();
      expect(url).toContain("fig-1-1.sample=all");
      expect(visit.problems).toEqual([]);
    } finally {
      await visit.close();
    }
    const restored = await open(new URL(url).pathname + new URL(url).search);
    try {
      const card = restored.page.locator("#fig-1-1");
      expect(await card.locator("select[aria-label='Trend sample']").inputValue()).toBe("all");
      expect((await trendRow(card, "2022"))[4]).toBe(`${all.count} / ${all.n}`);
      expect(restored.problems).toEqual([]);
    } finally {
      await restored.close();
    }
  });

  it("draws 2021's summary apart from the line, labelled, with its own question's notes only", async () => {
    const summary = (await cliRows("fig-1-1")).find((r) => r.source === "marginal")!;
    const breaks = await withRealDatabase((query) =>
      query("SELECT question, explanation FROM codebook_breaks WHERE year = 2021"),
    );
    const visit = await open("/deployment-size");
    try {
      const card = visit.page.locator("#fig-1-1");
      const trend = card.locator(".trend-chart");
      const diamonds = trend.locator("[aria-description='2021 summaries'] path");
      expect(await diamonds.count()).toBe(1);
      const x = await diamonds.evaluate((p) => {
        const m = /translate\(([-\d.]+),/.exec(p.getAttribute("transform") ?? "");
        return Number(m![1]);
      });
      // No connector starts or ends at the 2021 mark: the line runs 1H 2020 → 2022.
      const ends = await connectorEnds(visit.page, "fig-1-1");
      expect(ends.length).toBeGreaterThan(0);
      for (const end of ends) expect(Math.abs(end - x)).toBeGreaterThan(5);
      const titles = await trend
        .locator("[aria-description$='connectors'] title")
        .allTextContents();
      expect(titles.some((t) => t.startsWith("1H 2020 → 2022"))).toBe(true);
      expect(titles.some((t) => t.includes("2021"))).toBe(false);
      // Labelled with its wave and base, and said in words under the chart.
      expect(await trend.locator("[aria-description='summary labels'] text").textContent()).toMatch(
        /wave 1.*base:.*answered/,
      );
      expect(
        (await card.locator(".trend-annotations").textContent())!.replace(/\s+/g, " "),
      ).toContain(`2021 wave 1: CNCF's published one-question summary`);
      expect((await trendRow(card, "2021"))[4]).toBe(`${summary.count} / ${summary.n}`);
      // Its notes: the clusters question's 2021 breaks and its own base, not the challenges'.
      const notes2021 = (
        await card.locator(".card-notes li", { hasText: /\(2021 · / }).allTextContents()
      ).join("\n");
      for (const b of breaks) {
        const listed = notes2021.includes(String(b.explanation));
        expect(listed, `${b.question}: ${b.explanation}`).toBe(b.question === "k8s_clusters");
      }
      expect(notes2021).toContain("2021 wave 1");
      expect(visit.problems).toEqual([]);
    } finally {
      await visit.close();
    }
  });

  it("names the panel and summary-only years in its prose from the data", async () => {
    // The years counted in plain SQL: a year with a paid panel, and one of summaries only.
    const [panel, summary] = await withRealDatabase(async (query) => [
      Number((await query("SELECT DISTINCT year FROM respondents WHERE panel"))[0]!.year),
      Number(
        (
          await query(
            `SELECT DISTINCT year FROM published_marginals
             WHERE year NOT IN (SELECT year FROM respondents)`,
          )
        )[0]!.year,
      ),
    ]);
    // why: waits for the prose that names the year, not just a phrase of it: the static part of a
    // sentence can be on the page before the block naming the years from the data is drawn
    const text = async (path: string, mark: string) => {
      const visit = await open(path);
      const main = async () =>
        (await visit.page.locator("#observablehq-main").textContent())!.replace(/\s+/g, " ");
      try {
        await expect.poll(main, { timeout: 30_000 }).toContain(mark);
        return await main();
      } finally {
        await visit.close();
      }
    };
    const trends = await text("/trends", `The ${panel} export holds`);
    expect(trends).toContain(`The ${panel} export holds`);
    expect(trends).toContain(`labelled "${panel} (community)" under the axis`);
    expect(trends).toContain(`${summary}'s summaries, whose base`);
    const methods = await text("/methods", `mixes a paid panel in (${panel}) is, by default`);
    expect(methods).toContain(`mixes a paid panel in (${panel}) is, by default`);
    expect(methods).toContain(`as a ${summary} summary value`);
    expect(methods).toMatch(new RegExp(`the \\d+ of the ${summary} workbooks`));
    for (const page of [trends, methods]) expect(page).not.toMatch(/\$\{|undefined|NaN/);
  });
});
