import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PNG_SCALE } from "../../src/render/png.ts";
import { runCli } from "../support/cli.ts";
import { fixtureDatabase } from "../support/databases.ts";
import { decodePng, inkedPixels, PNG_SIGNATURE } from "../support/png.ts";

/** `figure fig-1-1` on the fixture database; resolves to the exit code and stderr. */
async function figure(args: string[], env: Record<string, string> = {}) {
  try {
    const { stderr } = await runCli(["figure", "fig-1-1", ...args], fixtureDatabase, env);
    return { code: 0, stderr };
  } catch (e) {
    return e as { code: number; stderr: string };
  }
}

describe("figure --png draws the SVG that --svg writes", () => {
  it("a valid PNG at the SVG's size × PNG_SCALE, with the chart's bars and text on it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kc-png-"));
    const svgPath = join(dir, "fig.svg");
    const pngPath = join(dir, "fig.png");
    const { code, stderr } = await figure(["--svg", svgPath, "--png", pngPath]);
    expect(code).toBe(0);
    expect(stderr).toContain(`wrote ${pngPath}`);
    const svg = await readFile(svgPath, "utf8");
    const file = await readFile(pngPath);
    expect(file.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    const png = decodePng(file);
    const [, width, height] = svg.match(/^<svg[^>]* width="(\d+)" height="(\d+)"/)!;
    expect([png.width, png.height]).toEqual([
      Number(width) * PNG_SCALE,
      Number(height) * PNG_SCALE,
    ]);
    // Not blank: the SVG's bar colour is there, solid, and so is dark ink (axes, text).
    const { pixels, channels } = png;
    let bar = 0;
    let dark = 0;
    for (let i = 0; i < pixels.length; i += channels) {
      if (pixels[i] === 0x4c && pixels[i + 1] === 0x78 && pixels[i + 2] === 0xa8) bar++;
      if (pixels[i]! < 64 && pixels[i + 1]! < 64 && pixels[i + 2]! < 64) dark++;
    }
    expect(svg).toContain('fill="#4c78a8"');
    expect(bar).toBeGreaterThan(1000);
    expect(dark).toBeGreaterThan(1000);
    expect(inkedPixels(png)).toBeLessThan(png.width * png.height);
    expect((await readdir(dir)).sort()).toEqual(["fig.png", "fig.svg"]);
  });

  it("a directory: asks for a file name, with an example, before computing anything", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kc-png-"));
    const { code, stderr } = await figure(["--png", dir]);
    expect(code).toBe(1);
    expect(stderr).toContain(
      `kube-census: --png ${dir}: that is a directory; give a file name, such as ${join(dir, "fig-1-1.png")}.`,
    );
    expect(await readdir(dir)).toEqual([]);
  });

  it("a folder that does not exist, or a file where a folder should be", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kc-png-"));
    const a = await figure(["--png", join(dir, "charts", "fig.png")]);
    expect(a.code).toBe(1);
    expect(a.stderr).toContain(`the folder ${join(dir, "charts")} does not exist. Create it first`);
    await writeFile(join(dir, "file"), "mine");
    const b = await figure(["--png", join(dir, "file", "fig.png")]);
    expect(b.code).toBe(1);
    expect(b.stderr).toContain(`${join(dir, "file")} is a file, not a folder`);
    expect((await readdir(dir)).sort()).toEqual(["file"]);
  });

  it("an existing file: replaced whole, no temporary file left", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kc-png-"));
    const pngPath = join(dir, "fig.png");
    await writeFile(pngPath, "old");
    expect((await figure(["--png", pngPath])).code).toBe(0);
    expect(await readdir(dir)).toEqual(["fig.png"]);
    expect((await readFile(pngPath)).subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  });

  it("a missing KUBE_CENSUS_FONT: refused, and no file written (not a PNG without its text)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kc-png-"));
    const font = join(dir, "gone.ttf");
    const { code, stderr } = await figure(["--png", join(dir, "fig.png")], {
      KUBE_CENSUS_FONT: font,
    });
    expect(code).toBe(1);
    expect(stderr).toContain(`kube-census: KUBE_CENSUS_FONT=${font}: no such font file.`);
    expect(await readdir(dir)).toEqual([]);
  });
});
