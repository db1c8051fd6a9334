import { readFileSync, readdirSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../src/paths.ts";
import type { MomentumFile } from "../../src/site/site-data-types.ts";
import { noRealData } from "../support/databases.ts";
import { RESTRICTED } from "../support/restricted.ts";
import { useSite } from "../support/site.ts";

/** Clicks a download control and returns the file's suggested name and text. */
async function save(page: Page, control: Locator): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent("download"), control.click()]);
  return { name: file.suggestedFilename(), text: await readFile((await file.path())!, "utf8") };
}

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else yield path;
  }
}

describe.skipIf(noRealData)("the Momentum page", () => {
  const site = useSite();
  const file = () =>
    JSON.parse(
      readFileSync(join(projectRoot, "docs/data/generated/momentum.json"), "utf8"),
    ) as MomentumFile;

  it("draws both growth charts and the 1H 2020 CNCF projects scatter with rho and its interval", async () => {
    const { page, problems, close } = await site.visit("/momentum");
    await page.waitForSelector("#momentum-scatter svg [aria-description='products'] circle");
    // Eight categories' lines and the five largest projects' (one line each: none was cut).
    expect(await page.locator("#momentum-categories .chart-key li").count()).toBe(8);
    expect(await page.locator("#momentum-projects .chart-key li").count()).toBe(5);
    expect(await page.locator("table.momentum-projects tbody tr").count()).toBe(5);
    // README, "Survey × momentum": CNCF projects 1H 2020, production share vs stars.
    const caption = await page.locator("#momentum-scatter figcaption").textContent();
    expect(caption).toContain("1H 2020, CNCF projects");
    expect(caption).toContain("across 48 products: 0.68 (95% interval 0.48 to 0.81");
    const rows = file().adoption.filter((r) => r.question === "cncf_projects" && r.year === 2020);
    expect(await page.locator("table.momentum-adoption tbody tr").count()).toBe(rows.length);
    // One labelled point per product with stars.
    expect(
      await page.locator("#momentum-scatter [aria-description='product labels'] text").count(),
    ).toBe(rows.filter((r) => r.stars).length);
    const kubernetes = page.locator("table.momentum-adoption tbody tr", { hasText: "Kubernetes" });
    expect(await kubernetes.first().locator("a").getAttribute("href")).toBe(
      "./landscape?landscape.q=Kubernetes&landscape.at=2019-12-31",
    );
    expect(problems).toEqual([]);
    await close();
  });

  it("shows 2022's CNCF projects with their panel note and without GitHub facts", async () => {
    const { page, problems, close } = await site.visit("/momentum?momentum.year=2022");
    const caption = page.locator("#momentum-scatter figcaption");
    await caption.waitFor();
    // The processed snapshots end 2020-07-31: none within 183 days of 2022-07-13.
    expect(await caption.textContent()).toContain(
      "No processed landscape snapshot lies within 183 days",
    );
    const rows = file().adoption.filter((r) => r.question === "cncf_projects" && r.year === 2022);
    expect(rows.length).toBe(51);
    expect(await page.locator("table.momentum-adoption tbody tr").count()).toBe(rows.length);
    expect(await page.locator(".momentum-notes li").first().textContent()).toMatch(/paid panel/);
    expect(problems).toEqual([]);
    await close();
  });

  it("takes its view from the address, writes it back, and downloads what it shows", async () => {
    const { page, problems, close } = await site.visit(
      "/momentum?momentum.matrix=storage&momentum.year=2019&momentum.measure=contributors",
    );
    const caption = page.locator("#momentum-scatter figcaption");
    await expect.poll(() => caption.textContent(), { timeout: 30_000 }).toContain("2019, storage");
    // README: storage 2019, production share vs contributors, 15 products.
    expect(await caption.textContent()).toContain(
      "contributors across 15 products: 0.73 (95% interval 0.33 to 0.91",
    );
    const shown = await page.locator("table.momentum-adoption tbody tr").count();
    const csv = await save(page, page.locator("#momentum-adoption-download a.csv-download"));
    expect(csv.name).toBe("momentum_adoption_storage_2019.csv");
    const records = parse(csv.text) as string[][];
    expect(records[0]!.slice(0, 5)).toEqual(["question", "project", "year", "reference_date", "n"]);
    expect(records.length - 1).toBe(shown);
    expect(new Set(records.slice(1).map((r) => `${r[0]} ${r[2]}`))).toEqual(
      new Set(["storage 2019"]),
    );
    const sidecarLink = page.locator("#momentum-adoption-download a.provenance-download");
    const sidecar = JSON.parse((await save(page, sidecarLink)).text);
    // The 2019 survey file and the processed snapshot before it (2019-06-30).
    const kinds = file().provenance.sources.filter((s) =>
      sidecar.sources.some((x: { id: string }) => x.id === s.id),
    );
    expect(kinds.map((s) => `${s.kind} ${s.year ?? s.snapshot}`).sort()).toEqual([
      "landscape-processed 2019-06-30",
      "survey 2019",
    ]);
    // Choosing projects writes them into the address.
    await page.selectOption("select[aria-label='Projects']", ["linkerd", "prometheus"]);
    await expect.poll(() => page.locator("table.momentum-projects tbody tr").count()).toBe(2);
    const address = new URL(page.url()).searchParams;
    expect(address.getAll("momentum.project")).toEqual(["linkerd", "prometheus"]);
    expect(address.get("momentum.matrix")).toBe("storage");
    expect(address.get("momentum.measure")).toBe("contributors");
    expect(problems).toEqual([]);
    await close();
  });

  it("draws a list question (CI/CD 2019) with production only", async () => {
    const { page, problems, close } = await site.visit(
      "/momentum?momentum.matrix=cicd&momentum.year=2019",
    );
    const caption = page.locator("#momentum-scatter figcaption");
    await expect
      .poll(() => caption.textContent(), { timeout: 30_000 })
      .toContain("2019, CI/CD tools");
    // README, "The ingress and CI/CD lists": 17 products, rho 0.74 (0.40 to 0.91) with stars.
    expect(await caption.textContent()).toContain(
      "across 17 products: 0.74 (95% interval 0.40 to 0.91",
    );
    expect(await page.locator("select[aria-label='Survey measure'] option").count()).toBe(1);
    // The sidecar carries the CI/CD question's wording.
    const sidecar = JSON.parse(
      (await save(page, page.locator("#momentum-adoption-download a.provenance-download"))).text,
    );
    expect(sidecar.questions.map((q: { id: string }) => q.id)).toEqual(["cicd"]);
    expect(problems).toEqual([]);
    await close();
  });

  it("puts no Crunchbase or Yahoo Finance value into dist/", () => {
    const dist = join(projectRoot, "dist");
    const texts = [...files(dist)].filter((f) => /\.(html|js|json|csv|txt)$/.test(f));
    expect(texts.some((f) => f.includes("momentum"))).toBe(true);
    const leaks = texts.flatMap((f) => {
      const text = readFileSync(f, "utf8");
      return RESTRICTED.filter((v) => text.includes(v)).map((v) => `${f}: ${v}`);
    });
    expect(leaks).toEqual([]);
  });
});
