import { html } from "htl";

/**
 * "Download SVG" and "Download PNG" of exactly what a figure card draws: the chart's SVG plus the
 * card's title, subtitle (universe and n), chart key, notes and source line, composed into one
 * standalone SVG at click time (so it is always the current view). Every piece of text is an SVG
 * <text> node set with textContent, never parsed as markup. The PNG is that SVG drawn on a canvas
 * at twice its size, as `kube-census figure --png` draws the CLI's SVG.
 */

const NS = "http://www.w3.org/2000/svg";
const PAD = 12;
const SCALE = 2;
const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif";

/**
 * What an image is composed of: a card's title, subtitle, chart, key items, notes and source line.
 * @typedef {{ title: string, subtitle?: string, chart?: SVGSVGElement | null, key?: { color?: string, faded?: boolean, text: string }[], notes?: string[], source?: string }} ImageParts
 */

/**
 * Two buttons; `parts()` returns the card's current { title, subtitle, chart, key, notes, source, name }.
 * @param {() => ImageParts & { name: string }} parts
 */
export function imageDownloads(parts) {
  const svgButton = html`<button type="button" class="image-download">Download SVG</button>`;
  const pngButton = html`<button type="button" class="image-download">Download PNG</button>`;
  svgButton.addEventListener("click", () => {
    const { name, ...rest } = parts();
    save(new Blob([standaloneSvg(rest).text], { type: "image/svg+xml" }), `${name}.svg`);
  });
  pngButton.addEventListener("click", async () => {
    const { name, ...rest } = parts();
    save(await pngOf(standaloneSvg(rest)), `${name}.png`);
  });
  return html`<span class="image-downloads">${svgButton} ${pngButton}</span>`;
}

/** @param {Blob} blob @param {string} name */
function save(blob, name) {
  const a = document.createElement("a");
  a.download = name;
  a.href = URL.createObjectURL(blob);
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started from the URL; give the browser a moment before revoking it.
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

const measureText = (() => {
  /** @type {CanvasRenderingContext2D | null} */
  let context = null;
  return (/** @type {string} */ text, /** @type {string} */ font) => {
    context ??= document.createElement("canvas").getContext("2d");
    if (!context) throw new Error("this browser has no 2D canvas to measure text with");
    context.font = font;
    return context.measureText(text).width;
  };
})();

/** @typedef {(text: string, font: string) => number} Measure */

/**
 * Splits `text` into lines no wider than `width` at `size` px, as `measure` measures text.
 * @param {string} text
 * @param {number} width
 * @param {number} size
 * @param {string} [weight]
 * @param {Measure} [measure]
 */
function wrap(text, width, size, weight = "normal", measure = measureText) {
  const font = `${weight} ${size}px ${FONT}`;
  /** @type {string[]} */
  const lines = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && measure(next, font) > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

const element = (
  /** @type {string} */ name,
  /** @type {Record<string, string | number>} */ attributes = {},
) => {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attributes)) e.setAttribute(k, String(v));
  return e;
};

/**
 * The composed SVG: { text, width, height }. `chart` is the drawn <svg> (or none), `key` the
 * chart key's items as { color, faded, text }, `notes` and `source` plain strings. `measure(text,
 * font)` gives a text's width in px: a canvas's by default; the build, which has no canvas, passes
 * an estimate (src/site/previews.ts).
 * @param {ImageParts} parts
 * @param {{ measure?: Measure }} [options]
 */
export function standaloneSvg(
  { title, subtitle, chart, key = [], notes = [], source },
  { measure = measureText } = {},
) {
  const chartWidth = chart ? Number(chart.getAttribute("width")) || chart.clientWidth : 480;
  const chartHeight = chart ? Number(chart.getAttribute("height")) || chart.clientHeight : 0;
  const width = Math.max(320, chartWidth) + 2 * PAD;
  const inner = width - 2 * PAD;
  const root = element("svg", { xmlns: NS, width });
  // Light colours whatever the page's theme: the file is shared and printed on white.
  const style = element("style");
  style.textContent = `svg{--theme-background:#fff;--theme-foreground:#1b1e23;--theme-foreground-muted:#6d6d6d;color:#1b1e23;font-family:${FONT}}`;
  root.append(style, element("rect", { width: "100%", height: "100%", fill: "#fff" }));
  let y = PAD;
  /** @param {string} text @param {number} size @param {{ weight?: string, fill?: string, x?: number, max?: number }} [options] */
  const lines = (
    text,
    size,
    { weight = "normal", fill = "#1b1e23", x = PAD, max = inner } = {},
  ) => {
    for (const line of wrap(text, max, size, weight, measure)) {
      y += size * 1.3;
      const t = element("text", {
        x,
        y: y - size * 0.3,
        "font-size": size,
        "font-weight": weight,
        fill,
      });
      t.textContent = line;
      root.append(t);
    }
  };
  lines(title, 18, { weight: "bold" });
  if (subtitle) lines(subtitle, 12, { fill: "#4a4a4a" });
  if (key.length) {
    y += 6;
    let x = PAD;
    const font = `normal 12px ${FONT}`;
    for (const item of key) {
      const w = 16 + measure(item.text, font) + 14;
      if (x > PAD && x + w > PAD + inner) {
        x = PAD;
        y += 18;
      }
      root.append(
        item.color
          ? element("rect", {
              x,
              y: y + 3,
              width: 10,
              height: 10,
              fill: item.color,
              "fill-opacity": item.faded ? 0.4 : 1,
            })
          : element("line", { x1: x + 5, x2: x + 5, y1: y + 1, y2: y + 15, stroke: "#1b1e23" }),
      );
      const t = element("text", { x: x + 16, y: y + 12, "font-size": 12, fill: "#1b1e23" });
      t.textContent = item.text;
      root.append(t);
      x += w;
    }
    y += 18;
  }
  if (chart) {
    y += 6;
    const copy = /** @type {SVGSVGElement} */ (chart.cloneNode(true));
    copy.setAttribute("x", String(PAD));
    copy.setAttribute("y", String(y));
    copy.setAttribute("width", String(chartWidth));
    copy.setAttribute("height", String(chartHeight));
    root.append(copy);
    y += chartHeight;
  }
  for (const note of notes) lines(note, 11, { fill: "#4a4a4a" });
  if (source) {
    y += 4;
    lines(source, 11, { fill: "#4a4a4a" });
  }
  const height = Math.ceil(y + PAD);
  root.setAttribute("height", String(height));
  root.setAttribute("viewBox", `0 0 ${width} ${height}`);
  return { text: new XMLSerializer().serializeToString(root), width, height };
}

/**
 * The SVG drawn on a white canvas at SCALE, as a PNG blob.
 * @param {{ text: string, width: number, height: number }} svg
 * @returns {Promise<Blob>}
 */
async function pngOf({ text, width, height }) {
  const url = URL.createObjectURL(new Blob([text], { type: "image/svg+xml" }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement("canvas");
    canvas.width = width * SCALE;
    canvas.height = height * SCALE;
    const context = canvas.getContext("2d");
    if (!context) throw new Error("this browser has no 2D canvas to draw the PNG on");
    context.fillStyle = "#fff";
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise((resolve, reject) =>
      canvas.toBlob(
        (b) => (b ? resolve(b) : reject(new Error("the PNG could not be drawn"))),
        "image/png",
      ),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
