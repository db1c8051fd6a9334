import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PNG_SCALE, pngFont, renderPng } from "../../src/render/png.ts";
import { decodePng, inkedPixels, PNG_SIGNATURE } from "../support/png.ts";

/** 100 × 40, white, with one line of text and nothing else: any ink is the text. */
const textOnly = (text: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="100" height="40" viewBox="0 0 100 40">` +
  `<text x="4" y="26" font-family="sans-serif" font-size="16" fill="black">${text}</text></svg>`;

describe("renderPng", () => {
  const font = pngFont();

  it("is a PNG of the SVG's size times PNG_SCALE", async () => {
    const file = await renderPng(textOnly("n 729"), font);
    expect(file.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    const png = decodePng(file);
    expect(PNG_SCALE).toBe(2);
    expect([png.width, png.height]).toEqual([200, 80]);
  });

  it("draws the text (resvg draws none without a font), on white", async () => {
    const blank = decodePng(await renderPng(textOnly(""), font));
    expect(inkedPixels(blank)).toBe(0);
    const drawn = decodePng(await renderPng(textOnly("n 729"), font));
    // Five glyphs at 32 px: hundreds of dark pixels, far from the 16 000 of the whole image.
    expect(inkedPixels(drawn)).toBeGreaterThan(200);
    expect(inkedPixels(drawn)).toBeLessThan(8000);
    expect(drawn.pixels.equals(blank.pixels)).toBe(false);
  });
});

describe("pngFont", () => {
  it("uses KUBE_CENSUS_FONT when it names a file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kc-font-"));
    const file = join(dir, "mine.ttf");
    await writeFile(file, "not checked here");
    expect(pngFont({ KUBE_CENSUS_FONT: file })).toBe(file);
  });

  it("refuses a KUBE_CENSUS_FONT that is missing or a folder, saying what to do", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kc-font-"));
    for (const path of [join(dir, "gone.ttf"), dir])
      expect(() => pngFont({ KUBE_CENSUS_FONT: path })).toThrow(
        `KUBE_CENSUS_FONT=${path}: no such font file. Point it at a .ttf or .otf file`,
      );
  });
});
