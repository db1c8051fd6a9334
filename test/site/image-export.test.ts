import { readFile } from "node:fs/promises";
import { JSDOM } from "jsdom";
import { describe, expect, it } from "vitest";
import { axeViolations } from "../support/axe.ts";
import { noRealData } from "../support/databases.ts";
import { decodePng, inkedPixels, PNG_SIGNATURE } from "../support/png.ts";
import { useSite } from "../support/site.ts";

// Issue 18, item 1 on the site: a figure card's "Download SVG" and "Download PNG" give exactly
// the view drawn (title, n, key, chart, notes, source line), as SVG text and as a PNG image.

const PAGE = "/challenges";
const ID = "fig-2-6";
const normal = (s: string) => s.replace(/\s+/g, " ").trim();

describe.skipIf(noRealData)("a figure card's image downloads", () => {
  const site = useSite();

  it("SVG and PNG of the current view, text as text, axe clean", async () => {
    const visit = await site.visit(PAGE);
    const { page } = visit;
    try {
      const card = page.locator(`#${ID}`);
      await page.waitForFunction(
        (id) => {
          const c = document.getElementById(id);
          return c && !c.hasAttribute("data-prerendered") && c.querySelector(".chart svg");
        },
        ID,
        { timeout: 30_000 },
      );
      // Another view than the default: the oldest year the Year control offers.
      const year = card.getByLabel("Survey year", { exact: true });
      const years = await year
        .locator("option")
        .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
      expect(years.length).toBeGreaterThan(1);
      await year.selectOption(years[0]!);
      const subtitle = normal((await card.locator(".subtitle").textContent()) ?? "");
      expect(subtitle).toMatch(/n \d/);
      const pageRects = await card.locator(".chart svg rect").count();

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
      expect(svg.name).toBe(`${ID}_${years[0]}.svg`);
      const text = svg.file.toString("utf8");
      expect(text).not.toMatch(/<foreignObject|<div|<p[ >]|<script/i);
      const doc = new JSDOM(text, { contentType: "image/svg+xml" }).window.document;
      const root = doc.documentElement;
      expect(root.tagName).toBe("svg");
      const texts = [...root.children]
        .filter((e) => e.tagName === "text")
        .map((e) => e.textContent);
      const title = normal((await card.locator("h2").textContent()) ?? "");
      expect(texts[0]).toBe(title);
      const all = normal(texts.join(" "));
      expect(all).toContain(subtitle);
      expect(all).toMatch(/Source: .*cncf\/surveys@/);
      expect(all).toContain("95% interval");
      // The chart itself: the drawn SVG, every bar and whisker of the chosen year.
      const chart = root.querySelector(":scope > svg")!;
      expect(chart.querySelectorAll("rect").length).toBe(pageRects);

      const png = await save("Download PNG");
      expect(png.name).toBe(`${ID}_${years[0]}.png`);
      expect(png.file.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      const image = decodePng(png.file);
      expect([image.width, image.height]).toEqual([
        2 * Number(root.getAttribute("width")),
        2 * Number(root.getAttribute("height")),
      ]);
      expect(inkedPixels(image)).toBeGreaterThan(5000);
      expect(inkedPixels(image)).toBeLessThan(image.width * image.height);

      expect(await axeViolations(page)).toEqual([]);
      expect(visit.problems).toEqual([]);
    } finally {
      await visit.close();
    }
  }, 300_000);
});
