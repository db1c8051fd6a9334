import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { axeViolations } from "../support/axe.ts";
import { noRealData } from "../support/databases.ts";
import { useSite } from "../support/site.ts";

/** CSV records (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = "";
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') ((field += '"'), i++);
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") (record.push(field), (field = ""));
    else if (ch === "\n") (record.push(field), records.push(record), (record = []), (field = ""));
    else field += ch;
  }
  if (field !== "" || record.length) (record.push(field), records.push(record));
  return records;
}

/** Clicks a download link and reads the file it gives. */
async function download(page: Page, link: string): Promise<{ name: string; rows: string[][] }> {
  const [file] = await Promise.all([page.waitForEvent("download"), page.click(link)]);
  return {
    name: file.suggestedFilename(),
    rows: parseCsv(await readFile((await file.path())!, "utf8")),
  };
}

const cells = (page: Page, selector: string) =>
  page.locator(selector).evaluateAll((tds) => tds.map((td) => td.textContent!.trim()));

describe.skipIf(noRealData)("the scorecard you can check", () => {
  const site = useSite();

  it("shows count / n and the interval, and its link opens the claim's card at its year and segment", async () => {
    const { page, problems, close } = await site.visit("/scorecard");
    const row = page.locator('tr[data-claim="fig-2-3-ceph-challenged"]');
    await row.waitFor({ timeout: 30_000 });
    const countN = (await row.locator("td.count-n").textContent())!.trim();
    const interval = (await row.locator("td.interval").textContent())!.trim();
    expect(countN).toMatch(/^\d+ \/ \d+$/);
    expect(interval).toMatch(/^\d+\.\d%–\d+\.\d%$/);
    // A share printed with d decimals is shown computed with d + 2 and rounded to d, so its
    // status can be read: FIG 2.3's Ceph, 166 / 1149 = 14.447%, is 14.4% as printed.
    const shares = await page
      .locator("table.scorecard tbody tr")
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent!.trim())));
    const computedShares = shares.filter((r) => /%$/.test(r[3]!) && /%$/.test(r[4]!));
    expect(computedShares.length).toBeGreaterThan(20);
    const places = (s: string) => (s.replace("%", "").split(".")[1] ?? "").length;
    for (const r of computedShares) {
      expect(places(r[4]!), r[0]).toBe(places(r[3]!) + 2);
      expect(places(r[5]!), r[0]).toBe(places(r[3]!));
    }
    const cephAll = page.locator('tr[data-claim="fig-2-3-ceph-all"]');
    expect((await cephAll.locator("td.computed").textContent())!.trim()).toBe("14.447%");
    expect((await cephAll.locator("td.rounded").textContent())!.trim()).toBe("14.4%");
    expect((await cephAll.locator("td.count-n").textContent())!.trim()).toBe("166 / 1149");
    expect((await cephAll.locator("td.status-reproduced").textContent())!.trim()).toBe(
      "reproduced",
    );
    expect(await axeViolations(page)).toEqual([]);

    // Every computed claim can be checked: a link to its card, or its own query shown.
    const unchecked = await page.locator("table.scorecard tbody tr").evaluateAll((trs) =>
      trs
        .filter((tr) => tr.querySelector("td.computed")!.textContent!.trim() !== "–")
        .filter((tr) => !tr.querySelector("a.card-link") && !tr.querySelector("details.claim-sql"))
        .map((tr) => tr.getAttribute("data-claim")),
    );
    expect(unchecked).toEqual([]);
    const ownQuery = page.locator('tr[data-claim="storage-challenged-share"] details.claim-sql');
    await ownQuery.locator("summary").click();
    expect(await ownQuery.locator("code").textContent()).toMatch(/SELECT[\s\S]*Storage/);

    await row.locator("a.card-link").click();
    await page.waitForURL(/\/storage\?/);
    const url = new URL(page.url());
    expect(url.hash).toBe("#fig-2-3");
    expect(url.searchParams.get("fig-2-3.year")).toBe("2019");
    expect(url.searchParams.get("fig-2-3.segments")).toBe("storage challenged");
    const card = page.locator("#fig-2-3.figure-card:not([data-prerendered])");
    await card.waitFor({ timeout: 30_000 });
    // The card read the state: only the claim's segment ticked.
    const ticked = await card
      .locator(".controls input[type=checkbox]")
      .evaluateAll((boxes) =>
        (boxes as HTMLInputElement[]).filter((b) => b.checked).map((b) => b.value),
      );
    expect(ticked).toEqual(["storage challenged"]);
    // The card's own table holds the same count / n and interval for the claim's row.
    const tableRows = await card
      .locator(".table-scroll table tbody tr")
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent!.trim())));
    const ceph = tableRows.find((r) => r[1] === "storage challenged" && r[2] === "Ceph");
    expect(ceph?.slice(4, 6)).toEqual([countN, interval]);
    // …and the SQL behind it.
    expect(
      await card.locator("details:has(summary:text('SQL behind this figure')) code").textContent(),
    ).toMatch(/SELECT/);
    expect(problems).toEqual([]);
    await close();
  });

  it("downloads the scorecard's shown claims as CSV", async () => {
    const { page, problems, close } = await site.visit("/scorecard");
    await page.waitForSelector("table.scorecard tbody tr", { timeout: 30_000 });
    await page.selectOption('select[aria-label="Status"]', "close");
    await expect
      .poll(() => page.locator("table.scorecard tbody tr:not(:has(td.status-close))").count())
      .toBe(0);
    const shown = await page.locator("table.scorecard tbody tr").count();
    expect(shown).toBeGreaterThan(0);
    expect(await page.locator(".scorecard-view > p").textContent()).toMatch(
      new RegExp(`^${shown} claims\\.`),
    );
    const csv = await download(page, ".scorecard-view a[download]");
    expect(csv.name).toBe("scorecard_close.csv");
    expect(csv.rows[0]!.slice(0, 3)).toEqual(["id", "figure", "year"]);
    expect(csv.rows[0]).toEqual(
      expect.arrayContaining(["count", "n", "ci_low", "ci_high", "card"]),
    );
    expect(csv.rows.length - 1).toBe(shown);
    const status = csv.rows[0]!.indexOf("status");
    expect(new Set(csv.rows.slice(1).map((r) => r[status]))).toEqual(new Set(["close"]));
    expect(problems).toEqual([]);
    await close();
  });

  it("downloads the landscape explorer's matching entries as CSV", async () => {
    const { page, problems, close } = await site.visit(
      "/landscape?landscape.at=2026-08-07&landscape.maturity=graduated",
    );
    const summary = page.locator("#landscape-explorer p.summary");
    await expect.poll(() => summary.textContent(), { timeout: 60_000 }).toContain("2026-08-07");
    const matching = Number((await summary.textContent())!.match(/^(\d+) of/)![1]);
    const csv = await download(page, "#landscape-explorer p.download a[download]");
    expect(csv.name).toBe("landscape_2026-08-07_graduated.csv");
    expect(csv.rows[0]).toEqual(expect.arrayContaining(["name", "category", "maturity"]));
    expect(csv.rows.length - 1).toBe(matching);
    const maturity = csv.rows[0]!.indexOf("maturity");
    expect(new Set(csv.rows.slice(1).map((r) => r[maturity]))).toEqual(new Set(["graduated"]));
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await close();
  });

  it("downloads the 2020 stack's rows as CSV", async () => {
    const { page, problems, close } = await site.visit("/stack-today");
    await page.waitForSelector("#stack-today h3", { timeout: 30_000 });
    const stackRows = await page.locator("#stack-today tbody tr").count();
    const platformRows = await cells(
      page,
      "table:has(th:text-is('platform')) tbody tr td:first-child",
    );
    const csv = await download(page, "a[download='stack-today_all-kinds.csv']");
    expect(csv.rows[0]!.slice(0, 3)).toEqual(["source", "layer", "book_name"]);
    expect(csv.rows.length - 1).toBe(stackRows + platformRows.length);
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await close();
  });
});
