import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { JSDOM } from "jsdom";
import { axeViolations } from "../support/axe.ts";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../src/paths.ts";
import { noRealData, realDatabase } from "../support/databases.ts";
import { decodePng, inkedPixels, PNG_SIGNATURE } from "../support/png.ts";
import { useSite } from "../support/site.ts";

// Issue 18, items 6 and 8 in the explorer: the rows drawn can be sorted, cut and searched (the
// same rows as the CLI's, re-arranged), a line view across the years that stops at breaks, the
// chosen year kept across questions, one draw per change, the build's stand-in holding the place while loading, images of
// the view, and the surveys named as they are known (1H 2020).

const run = promisify(execFile);

/** `kube-census crosstab` as JSON (or CSV), from the same real database as the site. */
async function cli(args: string[], format: "json" | "csv" = "json") {
  const { stdout } = await run(
    process.execPath,
    [join(projectRoot, "bin/kube-census.js"), "crosstab", ...args, "--format", format],
    { cwd: projectRoot, env: { ...process.env, KUBE_CENSUS_DB: realDatabase }, maxBuffer: 1 << 26 },
  );
  return format === "json" ? JSON.parse(stdout) : stdout;
}

interface Cell {
  year: number;
  letter: string;
  option: string;
  level: string | null;
  share: number | null;
  not_comparable: string[];
  breaks: number[];
}

describe.skipIf(noRealData)("the explorer reads: order, top-N, search, lines, year, images", () => {
  const site = useSite();

  /** Opens the explorer once its card is drawn. */
  async function open(query: string, options: Parameters<typeof site.visit>[1] = {}) {
    const visit = await site.visit(`/explorer?${query}`, options);
    await visit.page.locator("#explorer[data-draws]").waitFor({ timeout: 60_000 });
    return visit;
  }
  const drawnOf = async (visit: { page: import("playwright-core").Page }) =>
    (await visit.page
      .locator("#explorer")
      .evaluate((card) => (card as unknown as { drawnRows: Cell[] }).drawnRows)) as Cell[];
  /** The option labels the table's rows show, in order (the base rows left out). */
  const tableOptions = (visit: { page: import("playwright-core").Page }) =>
    visit.page
      .locator("#explorer table.crosstab tbody tr:not(.n-row) th[scope=row]")
      .allTextContents();

  it("sorts by share in the chosen column and keeps the top 10, as the CLI's rows re-arranged", async () => {
    const args = ["challenges", "--by", "org_size", "--year", "2019", "--universe", "k8s-users"];
    const expected = await cli(args);
    const visit = await open(
      "explorer.q=challenges&explorer.by=org_size&explorer.year=2019&explorer.universe=k8s-users" +
        "&explorer.sort=G&explorer.top=10",
    );
    try {
      // Independently of the page's code: each option's share in column G, highest first.
      const codebook = [...new Set(expected.rows.map((c: Cell) => c.option))] as string[];
      const shareIn = (o: string) =>
        expected.rows.find((c: Cell) => c.option === o && c.letter === "G")?.share ?? -1;
      const ranked = [...codebook].sort(
        (a, b) => shareIn(b) - shareIn(a) || codebook.indexOf(a) - codebook.indexOf(b),
      );
      expect(codebook.length).toBeGreaterThan(10);
      const top = ranked.slice(0, 10);
      expect(await tableOptions(visit)).toEqual(top);
      const drawn = await drawnOf(visit);
      // Every cell of a kept option, exactly as the CLI computed it.
      expect(drawn).toEqual(top.flatMap((o) => expected.rows.filter((c: Cell) => c.option === o)));
      // The chart draws a bar for each of those cells.
      const card = visit.page.locator("#explorer");
      expect(await card.locator(".chart svg g[aria-label=bar] rect").count()).toBe(
        drawn.filter((c) => c.share !== null).length,
      );
      expect(await card.locator(".explorer-shown").textContent()).toContain("Showing 10 of");
      // Codebook order brings the CLI's order back; "All options" every row.
      await card.getByLabel("Order of the options").selectOption("codebook");
      await card.getByLabel("Options shown").selectOption("all");
      expect(await drawnOf(visit)).toEqual(expected.rows);
      expect(visit.page.url()).not.toContain("explorer.sort");
      expect(visit.problems).toEqual([]);
    } finally {
      await visit.close();
    }
  });

  it("a search keeps the options whose label holds it, drawn once after typing stops", async () => {
    const expected = await cli([
      "challenges",
      "--by",
      "org_size",
      "--year",
      "2019",
      "--universe",
      "k8s-users",
    ]);
    const visit = await open(
      "explorer.q=challenges&explorer.by=org_size&explorer.year=2019&explorer.universe=k8s-users",
    );
    try {
      const card = visit.page.locator("#explorer");
      const draws = Number(await card.getAttribute("data-draws"));
      const computes = Number(await card.getAttribute("data-computes"));
      // Six keystrokes at once (as a fast typist): one draw 250 ms after the last, no count.
      await visit.page.evaluate(() => {
        const box = document.querySelector<HTMLInputElement>("#explorer input[type=search]")!;
        for (const text of ["s", "se", "sec", "secu", "secur", "SECURITY"]) {
          box.value = text;
          box.dispatchEvent(new Event("input", { bubbles: true }));
        }
      });
      await expect.poll(() => card.getAttribute("data-draws")).toBe(String(draws + 1));
      await visit.page.waitForTimeout(500);
      expect(await card.getAttribute("data-draws")).toBe(String(draws + 1));
      expect(await card.getAttribute("data-computes")).toBe(String(computes));
      const matching = expected.rows.filter((c: Cell) => /security/i.test(c.option));
      expect(matching.length).toBeGreaterThan(0);
      expect(await drawnOf(visit)).toEqual(matching);
      expect(new URL(visit.page.url()).searchParams.get("explorer.search")).toBe("SECURITY");
      // The CSV holds the rows drawn, the CLI's lines for them.
      const csv = await visit.page.evaluate(async () => {
        const a = document.querySelector<HTMLAnchorElement>("#explorer a[download$='.csv']")!;
        return (await fetch(a.href)).text();
      });
      const full = (await cli(
        ["challenges", "--by", "org_size", "--year", "2019", "--universe", "k8s-users"],
        "csv",
      )) as string;
      const [header, ...lines] = full.trimEnd().split("\n");
      const option = header!.split(",").indexOf("option");
      expect(csv.trimEnd().split("\n")).toEqual([
        header,
        ...lines.filter((l) => /security/i.test(l.split(",")[option]!)),
      ]);
      expect(visit.problems).toEqual([]);
    } finally {
      await visit.close();
    }
  });

  it("keeps the chosen year when a question lacks it, says so, and shows it again after", async () => {
    const visit = await open("explorer.q=challenges&explorer.by=org_size&explorer.year=2019");
    try {
      const card = visit.page.locator("#explorer");
      const question = card.getByLabel("Question", { exact: true });
      const year = card.getByLabel("Year", { exact: true });
      const years = async () => JSON.parse((await card.getAttribute("data-result"))!).years;
      // Asked in 2022 only: all its years (2022), and a note naming the choice kept.
      await question.selectOption("orchestrators_non_k8s");
      expect(await years()).toEqual([2022]);
      expect(await year.inputValue()).toBe("2019");
      expect(await card.locator(".explorer-year-note").textContent()).toMatch(
        /was not asked in 2019.*2019 stays chosen/,
      );
      expect(new URL(visit.page.url()).searchParams.get("explorer.year")).toBe("2019");
      // The next question asked in 2019 shows 2019 again, as the CLI does with --year 2019.
      await question.focus();
      await visit.page.keyboard.press("ArrowDown");
      await expect.poll(() => question.inputValue()).not.toBe("orchestrators_non_k8s");
      await question.selectOption("containers");
      expect(await years()).toEqual([2019]);
      expect(await card.locator(".explorer-year-note").textContent()).toBe("");
      const expected = await cli([
        "containers",
        "--by",
        "org_size",
        "--year",
        "2019",
        "--universe",
        "k8s-users",
      ]);
      expect(JSON.parse((await card.getAttribute("data-result"))!)).toEqual(expected);
      // The survey year as banner starts at all years; leaving it brings 2019 back.
      await card.getByLabel("Banner", { exact: true }).selectOption("year");
      expect(await year.inputValue()).toBe("all");
      expect((await years()).length).toBeGreaterThan(2);
      await card.getByLabel("Banner", { exact: true }).selectOption("org_size");
      expect(await year.inputValue()).toBe("2019");
      expect(await years()).toEqual([2019]);
      expect(visit.problems).toEqual([]);
    } finally {
      await visit.close();
    }
  });

  it("draws one line per option across the years, stopping and marked at each break", async () => {
    const expected = await cli(["k8s_clusters", "--by", "year"]);
    const visit = await open(
      "explorer.q=k8s_clusters&explorer.by=year&explorer.universe=respondents&explorer.view=lines",
    );
    try {
      const card = visit.page.locator("#explorer");
      expect(await card.locator(".chart").getAttribute("data-view")).toBe("lines");
      const options = [...new Set(expected.rows.map((c: Cell) => c.option))] as string[];
      const letters = expected.columns.map((c: { letter: string }) => c.letter);
      // Independently: an option's run of years is cut where a year has no share or the cell is
      // not comparable with the year before (a break between them).
      let segments = 0;
      const pairs = new Set<string>();
      for (const o of options) {
        let previous: Cell | undefined;
        for (const l of letters) {
          const c = expected.rows.find((r: Cell) => r.option === o && r.letter === l) as
            Cell | undefined;
          if (!c || c.share === null) {
            previous = undefined;
            continue;
          }
          if (!previous) segments++;
          else if (c.not_comparable.includes(previous.letter)) {
            segments++;
            pairs.add(`${previous.year}-${c.year}`);
          }
          previous = c;
        }
      }
      expect(pairs.size).toBeGreaterThan(0);
      const svg = card.locator(".chart figure > svg");
      expect(await svg.locator("[aria-description=lines] path").count()).toBe(segments);
      // One key entry per option, in one colour each.
      const key = card.locator(".chart .chart-key li .swatch");
      expect(await key.count()).toBe(options.length);
      // A dashed rule and a ‡ label for each pair of years with a break between them.
      expect(await svg.locator("[aria-description=breaks] line").count()).toBe(pairs.size);
      const labels = await svg.locator("[aria-description='break numbers'] text").allTextContents();
      expect(labels).toHaveLength(pairs.size);
      for (const l of labels) expect(l).toMatch(/^‡\d+(,\d+)*$/);
      // No line crosses a break: every path lies on one side of every rule.
      const crossing = await svg.evaluate((root) => {
        const rules = [...root.querySelectorAll("[aria-description=breaks] line")].map((l) =>
          Number(l.getAttribute("x1")),
        );
        return [...root.querySelectorAll("[aria-description=lines] path")].filter((p) => {
          const xs = [...(p.getAttribute("d") ?? "").matchAll(/[ML]([\d.]+),/g)].map((m) =>
            Number(m[1]),
          );
          return rules.some((x) => Math.min(...xs) < x && x < Math.max(...xs));
        }).length;
      });
      expect(crossing).toBe(0);
      // The x axis names 2020's survey as it is known.
      expect(await svg.textContent()).toContain("1H 2020");
      // The line view and the row controls (a search typed in) pass axe too.
      await card.getByLabel("Find an option").fill("1");
      expect(await axeViolations(visit.page)).toEqual([]);
      expect(visit.problems).toEqual([]);
    } finally {
      await visit.close();
    }
  });

  it("names 1H 2020 in the legend, the table, the CSV and the subtitle; filters in words", async () => {
    const visit = await open(
      "explorer.q=k8s_clusters&explorer.by=year&explorer.universe=respondents&explorer.where=org_size%3D%3E5000",
    );
    try {
      const card = visit.page.locator("#explorer");
      expect(await card.locator(".explorer-legend").textContent()).toContain("1H 2020");
      expect(await card.locator("table.crosstab thead").textContent()).toContain("1H 2020");
      const subtitle = (await card.locator(".subtitle").textContent())!;
      expect(subtitle).toContain("1H 2020");
      expect(subtitle).toContain("where Organization size: >5000");
      expect(subtitle).not.toContain("org_size");
      expect(await card.locator(".explorer-filters li").textContent()).toContain(
        "Organization size: >5000",
      );
      const csv = await visit.page.evaluate(async () => {
        const a = document.querySelector<HTMLAnchorElement>("#explorer a[download$='.csv']")!;
        return (await fetch(a.href)).text();
      });
      const [header, ...lines] = csv
        .trimEnd()
        .split("\n")
        .map((l) => l.split(","));
      const at = (name: string) => header!.indexOf(name);
      const of2020 = lines.filter((l) => l[at("year")] === "2020");
      expect(of2020.length).toBeGreaterThan(0);
      for (const l of of2020) {
        expect(l[at("survey")]).toBe("1H 2020");
        expect(l[at("column")]).toBe("1H 2020");
      }
      // The Vega-Lite spec's data: the same rows, 2020 named 1H 2020.
      const [download] = await Promise.all([
        visit.page.waitForEvent("download"),
        card.getByRole("link", { name: "Download Vega-Lite" }).click(),
      ]);
      // Named after the view: the years the filter's question was asked in (2018 to 1H 2020), the
      // universe and the filter (">" is no file-name character).
      expect(download.suggestedFilename()).toBe(
        "crosstab_k8s_clusters_by_year_2018+2019+1H-2020_respondents_where-org_size-5000.vl.json",
      );
      const spec = JSON.parse(await readFile((await download.path())!, "utf8"));
      expect(spec.title.text).toBe("Kubernetes production clusters");
      expect(spec.data.values).toHaveLength(lines.length);
      const specOf2020 = spec.data.values.filter((v: { year: number }) => v.year === 2020);
      expect(specOf2020.length).toBe(of2020.length);
      for (const v of specOf2020) expect([v.survey, v.column]).toEqual(["1H 2020", "1H 2020"]);
      // The CLI writes the same file.
      expect(csv).toBe(
        await cli(["k8s_clusters", "--by", "year", "--where", "org_size=>5000"], "csv"),
      );
      expect(visit.problems).toEqual([]);
    } finally {
      await visit.close();
    }
  });

  it("downloads SVG and PNG of exactly the view: title, n, key, chart, breaks, source", async () => {
    const visit = await open(
      "explorer.q=k8s_clusters&explorer.by=year&explorer.view=lines&explorer.universe=k8s-users",
    );
    try {
      const { page } = visit;
      const card = page.locator("#explorer");
      const save = async (name: string) => {
        const [download] = await Promise.all([
          page.waitForEvent("download"),
          card.getByRole("button", { name }).click(),
        ]);
        return {
          file: await readFile((await download.path())!),
          name: download.suggestedFilename(),
        };
      };
      const svg = await save("Download SVG");
      expect(svg.name).toBe(
        "crosstab_k8s_clusters_by_year_2018+2019+1H-2020+2022_k8s-users_lines.svg",
      );
      const text = svg.file.toString("utf8");
      expect(text).not.toMatch(/<foreignObject|<div|<p[ >]|<script/i);
      const root = new JSDOM(text, { contentType: "image/svg+xml" }).window.document
        .documentElement;
      const texts = [...root.children]
        .filter((e) => e.tagName === "text")
        .map((e) => e.textContent);
      expect(texts[0]).toBe("Kubernetes production clusters");
      const all = texts.join(" ");
      expect(all).toMatch(/n = [\d,]+/);
      expect(all).toContain("1H 2020");
      expect(all).toMatch(/Source: Cloud_Native_Survey_2018\.csv \(cncf\/surveys@[0-9a-f]{7}/);
      expect(all).toContain("npx kube-census crosstab k8s_clusters --by year --universe k8s-users");
      const result = JSON.parse((await card.getAttribute("data-result"))!);
      for (const b of result.breaks) expect(all).toContain(`‡${b.number} `);
      // The chart drawn on the page, every line of it.
      const chart = root.querySelector(":scope > svg")!;
      expect(chart.querySelectorAll("[aria-description=lines] path").length).toBe(
        await card.locator(".chart figure > svg [aria-description=lines] path").count(),
      );

      const png = await save("Download PNG");
      expect(png.name).toBe(
        "crosstab_k8s_clusters_by_year_2018+2019+1H-2020+2022_k8s-users_lines.png",
      );
      expect(png.file.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      const image = decodePng(png.file);
      expect([image.width, image.height]).toEqual([
        2 * Number(root.getAttribute("width")),
        2 * Number(root.getAttribute("height")),
      ]);
      expect(inkedPixels(image)).toBeGreaterThan(5000);
      expect(inkedPixels(image)).toBeLessThan(image.width * image.height);
      expect(visit.problems).toEqual([]);
    } finally {
      await visit.close();
    }
  });

  it("holds the card's place while the answers load: the page below does not move", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const visit = await site.visit("/explorer", {
      waitUntil: "domcontentloaded",
      before: (page) =>
        page.route("**/answers*.bin", async (route) => {
          await held;
          await route.continue();
        }),
    });
    try {
      const { page } = visit;
      // The build drew the default view into the slot (src/site/slots.ts, live slots): it stands
      // in, controls disabled, until the live card has counted.
      const slot = page.locator('.live-slot[data-live="explorer"]');
      const standIn = slot.locator("> [data-prerendered]");
      await standIn.waitFor();
      const reserved = (await slot.boundingBox())!.height;
      const after = page.locator('.live-slot[data-live="explorer"] ~ p').first();
      const before = (await after.boundingBox())!.y;
      release();
      await page.locator("#explorer[data-draws]").waitFor({ timeout: 60_000 });
      expect(await standIn.count()).toBe(0);
      const card = (await page.locator("#explorer").boundingBox())!.height;
      // The stand-in is the card's height within a tenth (the default view, 1200 px wide).
      expect(Math.abs(card - reserved) / card).toBeLessThan(0.1);
      expect(Math.abs((await after.boundingBox())!.y - before) / card).toBeLessThan(0.1);
      expect(visit.problems).toEqual([]);
    } finally {
      await visit.close();
    }
  });
});
