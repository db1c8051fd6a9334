import { existsSync, statSync } from "node:fs";
import { CensusError } from "../errors.ts";

/**
 * Renders the SVG that `figure --svg` writes to a PNG with resvg (Rust, prebuilt in the npm
 * package: no browser, no canvas, no network). Twice the SVG's size, so text stays sharp on
 * high-density screens and in slides; on white, because Vega draws no background of its own
 * and a transparent chart is unreadable on a dark page.
 */
export const PNG_SCALE = 2;

/**
 * Font files tried in order (Debian/Ubuntu, Fedora, Arch, Alpine, macOS, Windows). resvg draws no
 * text without a font, so one is required; a single file is loaded rather than every system font
 * so that the same machine always draws the same picture (and start-up stays fast).
 */
const FONT_CANDIDATES = [
  "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
  "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf",
  "/usr/share/fonts/dejavu/DejaVuSans.ttf",
  "/usr/share/fonts/TTF/DejaVuSans.ttf",
  "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
  "/usr/share/fonts/liberation-sans/LiberationSans-Regular.ttf",
  "/System/Library/Fonts/Supplemental/Arial.ttf",
  "/Library/Fonts/Arial.ttf",
  "C:\\Windows\\Fonts\\arial.ttf",
];

const isFile = (path: string) => existsSync(path) && statSync(path).isFile();

/** The font file for the PNG's text: KUBE_CENSUS_FONT if set, else the first candidate present. */
export function pngFont(env: NodeJS.ProcessEnv = process.env): string {
  const chosen = env.KUBE_CENSUS_FONT;
  if (chosen) {
    if (!isFile(chosen))
      throw new CensusError(
        `KUBE_CENSUS_FONT=${chosen}: no such font file. Point it at a .ttf or .otf file, or unset it to use DejaVu Sans.`,
      );
    return chosen;
  }
  const found = FONT_CANDIDATES.find(isFile);
  if (!found)
    throw new CensusError(
      `--png: no font found for the chart's text (looked for DejaVu Sans, Liberation Sans, Arial). ` +
        `Install one (apt-get install fonts-dejavu-core) or set KUBE_CENSUS_FONT to a .ttf or .otf file.`,
    );
  return found;
}

/** The PNG bytes of `svg` at PNG_SCALE, its text set in the one font file `font`. */
export async function renderPng(svg: string, font: string): Promise<Buffer> {
  // Imported here: the native binding only loads when a PNG is asked for.
  const { Resvg } = await import("@resvg/resvg-js");
  const resvg = new Resvg(svg, {
    background: "white",
    fitTo: { mode: "zoom", value: PNG_SCALE },
    // Every family the SVG names (Vega writes "sans-serif") falls back to this one file.
    font: { loadSystemFonts: false, fontFiles: [font] },
  });
  return resvg.render().asPng();
}
