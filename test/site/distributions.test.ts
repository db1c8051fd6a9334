import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../src/paths.ts";
import type { DistributionsFile } from "../../src/site/site-data-types.ts";
import { axeViolations } from "../support/axe.ts";
import { noRealData } from "../support/databases.ts";
import { pageDrawn, useSite } from "../support/site.ts";

describe.skipIf(noRealData)("the Distributions page", () => {
  const site = useSite();
  const file = () =>
    JSON.parse(
      readFileSync(join(projectRoot, "docs/data/generated/distributions.json"), "utf8"),
    ) as DistributionsFile;

  it("draws a stacked bar per year and answer, the CLI's summaries, and is axe clean", async () => {
    const { page, problems, close } = await site.visit("/distributions");
    await pageDrawn(page, "/distributions");
    const data = file();
    for (const q of data.questions) {
      const section = page.locator(`#distribution-${q.id}`);
      // one bar segment per year and answer with a share (a share of 0 draws an empty rect)
      expect(await section.locator("svg [aria-label='bar'] rect").count()).toBe(q.cells.length);
      expect(await section.locator("table.distribution-summary tbody tr").count()).toBe(
        q.years.length,
      );
      // every scale's midpoints are stated under its chart
      for (const t of q.scale_text) expect(await section.textContent()).toContain(t.slice(0, 60));
    }
    // 2019's clusters: the mean cell shows what `crosstab k8s_clusters --by year --summary` prints
    const clusters = data.questions.find((q) => q.id === "k8s_clusters")!;
    const y2019 = clusters.shown.find((s) => s.year === 2019)!;
    const row = page.locator("#distribution-k8s_clusters tbody tr", { hasText: "2019" });
    expect(await row.textContent()).toContain(String(y2019.mean));
    expect(await row.textContent()).toContain(String(y2019["mean 95% CI"]));
    // the recommendation question shows a net score and no mean
    const recommend = page.locator("#distribution-cncf_recommend thead");
    expect(await recommend.textContent()).toContain("net score");
    expect(await recommend.textContent()).not.toContain("mean");
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await close();
  }, 300_000);

  it("weights every year to 2019's mix on request: the CLI's weighted numbers, kept in the address", async () => {
    const data = file();
    const clusters = data.questions.find((q) => q.id === "k8s_clusters")!;
    const w = clusters.weighted.find((x) => x.id === "to-2019");
    if (!w || "refused" in w) throw new Error("k8s_clusters: no weighted view to-2019");
    // the weighting moves 2018's mean (14.9 → 13.3 when this was written)
    const plain2018 = clusters.shown.find((s) => s.year === 2018)!;
    const weighted2018 = w.shown.find((s) => s.year === 2018)!;
    expect(weighted2018.mean).not.toBe(plain2018.mean);
    const { page, problems, close } = await site.visit("/distributions");
    try {
      await pageDrawn(page, "/distributions");
      const row2018 = page.locator("#distribution-k8s_clusters tbody tr", { hasText: "2018" });
      expect(await row2018.textContent()).toContain(String(plain2018.mean));
      await page.locator("#distributions-weighting").selectOption("to-2019");
      await expect
        .poll(() => page.locator("#distribution-k8s_clusters code").first().textContent())
        .toBe(w.command);
      expect(await row2018.textContent()).toContain(String(weighted2018.mean));
      expect(await row2018.textContent()).toContain(String(weighted2018["mean 95% CI"]));
      // the raking is stated under the chart, as the CLI prints it
      const section = page.locator("#distribution-k8s_clusters");
      expect(await section.locator(".distribution-weighting").textContent()).toContain(
        w.weighting.find((l) => l.startsWith("2018:"))!,
      );
      // org_size is a weighting variable: the page says its weighted mix is the target's by construction
      expect(
        await page.locator("#distribution-org_size .distribution-weighting").textContent(),
      ).toMatch(/weighting variables/);
      expect(new URL(page.url()).searchParams.get("distributions.weighting")).toBe("to-2019");
      // a link with the weighting opens weighted
      const again = await site.visit(`/distributions?distributions.weighting=to-2019`);
      try {
        await pageDrawn(again.page, "/distributions");
        expect(
          await again.page.locator("#distribution-k8s_clusters code").first().textContent(),
        ).toBe(w.command);
        expect(again.problems).toEqual([]);
      } finally {
        await again.close();
      }
      expect(await axeViolations(page)).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  }, 300_000);

  it("is axe clean on a phone and in the dark scheme", async () => {
    const found: string[] = [];
    for (const [width, colorScheme] of [
      [390, "light"],
      [1200, "dark"],
    ] as const) {
      const visit = await site.visit("/distributions", { width, colorScheme });
      try {
        await pageDrawn(visit.page, "/distributions");
        for (const v of await axeViolations(visit.page))
          found.push(`${width}px ${colorScheme}: ${v}`);
        expect(visit.problems).toEqual([]);
      } finally {
        await visit.close();
      }
    }
    expect(found.join("\n")).toBe("");
  }, 300_000);
});
