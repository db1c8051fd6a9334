// Link previews (issue 18): a link to a page pasted into a chat or a post shows the page's
// title, a description and a picture of its first chart. After the prerender, each page's first
// figure card (drawn into its HTML by src/site/slots.ts) is composed into one SVG by the site's
// own image export (docs/components/imageExport.js: title, n, key, chart and source line) and
// rendered to PNG with resvg (src/render/png.ts), into dist/_preview/<figure>.png; every page gets
// Open Graph and Twitter tags in its head pointing at its image.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { JSDOM, VirtualConsole } from "jsdom";
import { pngFont, renderPng } from "../render/png.ts";
import { webUrl } from "../web-address.ts";
import { withBrowserGlobals } from "./browser-globals.ts";
import { sitePages } from "./prerender.ts";
import { importComponent } from "./slots.ts";

/** Where the images go, under dist/. */
export const PREVIEW_DIR = "_preview";
/**
 * The picture of a page without a figure card (the overview, methods, the scorecard, the
 * landscape and explorer pages): the card behind the overview's first headline, Kubernetes
 * clusters per organization.
 */
export const SITE_PREVIEW_FIGURE = "fig-1-1";
/**
 * The image's size in the SVG's pixels; resvg renders at twice that (PNG_SCALE), 1200 × 630,
 * the 1.91:1 that chat tools and `summary_large_image` show uncropped.
 */
export const PREVIEW_WIDTH = 600;
export const PREVIEW_HEIGHT = 315;
/** A description is cut at a word before this many characters (chat tools show about 200). */
const DESCRIPTION_MAX = 200;

/**
 * The base address of the deployed site (`KUBE_CENSUS_SITE_URL`, e.g. https://example.org/census):
 * chat tools fetch og:image only from an absolute URL. Without it the tags hold root-relative
 * paths (`/_preview/fig-2-4.png`), right for a site served at a host's root.
 */
export function siteBase(env: NodeJS.ProcessEnv = process.env): string {
  const raw = env.KUBE_CENSUS_SITE_URL;
  if (!raw) return "";
  const url = webUrl(raw);
  if (!url)
    throw new Error(
      `KUBE_CENSUS_SITE_URL=${raw} is not an http(s) address: set it to where the site is served (https://example.org/census) or unset it for root-relative previews.`,
    );
  return url.replace(/\/+$/, "");
}

/**
 * Text widths for the composition, which has no canvas at build: DejaVu Sans (the font resvg
 * draws with) averages about 0.6 em a character, bold 0.66. An overestimate only wraps a line
 * early.
 */
const estimateWidth = (text: string, font: string): number => {
  const size = Number(/(\d+(?:\.\d+)?)px/.exec(font)?.[1] ?? 12);
  return text.length * size * (font.startsWith("bold") ? 0.66 : 0.6);
};

/**
 * resvg knows no CSS variables: the ones the site's charts and keys draw with, as the light theme
 * (docs/style.css and Framework's "air") sets them, since the image is shared on white.
 */
const LIGHT_THEME: Record<string, string> = {
  "--theme-foreground": "#1b1e23",
  "--theme-foreground-focus": "#3b5fc0",
  "--theme-foreground-muted": "#5b5d61",
  "--theme-background": "#ffffff",
  "--plot-background": "#ffffff",
  "--kc-break": "#c2410c",
};

/** Every `var(--name)` (or `var(--name, fallback)`) in `text` replaced by its light-theme value. */
export function resolveThemeVariables(text: string): string {
  return text.replace(/var\((--[\w-]+)\s*(?:,\s*([^)]+))?\)/g, (whole, name: string, fallback) => {
    const value = LIGHT_THEME[name] ?? fallback?.trim();
    if (!value)
      throw new Error(
        `a chart draws with ${whole}, which the preview image cannot resolve: add ${name} to LIGHT_THEME in src/site/previews.ts`,
      );
    return value;
  });
}

type ImageExport = {
  standaloneSvg: (
    parts: object,
    options: { measure: typeof estimateWidth },
  ) => { text: string; width: number; height: number };
};

/**
 * The preview SVG of a prerendered figure card, read from its HTML as the card's image download
 * reads the live card (docs/components/figureView.js imageParts), without the notes: a thumbnail
 * has no room for them, the page they lead to has. Scaled to fit PREVIEW_WIDTH × PREVIEW_HEIGHT.
 */
export function previewSvg(card: Element, imageExport: ImageExport): string {
  const text = (e: Element | null) => (e?.textContent ?? "").replace(/\s+/g, " ").trim();
  const chart = card.querySelector(".chart svg");
  if (!chart) throw new Error(`card ${card.id}: no chart drawn to preview`);
  const key = [...card.querySelectorAll(".chart .chart-key li")].map((li) => {
    const swatch = li.querySelector<HTMLElement>(".swatch");
    const color = swatch?.style.backgroundColor || swatch?.style.background;
    return {
      color: color || undefined,
      faded: swatch?.classList.contains("faded") ?? false,
      text: text(li),
    };
  });
  const sourceLine = [...card.querySelectorAll(".meta p")].find((p) =>
    text(p).startsWith("Source:"),
  );
  const { text: svg } = imageExport.standaloneSvg(
    {
      title: text(card.querySelector("h2")),
      subtitle: text(card.querySelector(".subtitle")),
      chart,
      key,
      notes: [],
      source: text(sourceLine ?? null),
    },
    { measure: estimateWidth },
  );
  // The card at its own size inside a fixed frame, centred; the viewBox keeps its proportions.
  return resolveThemeVariables(svg).replace(
    /^<svg([^>]*?) width="\d+"([^>]*?) height="\d+"/,
    `<svg$1 width="${PREVIEW_WIDTH}"$2 height="${PREVIEW_HEIGHT}" preserveAspectRatio="xMidYMid meet"`,
  );
}

const attribute = (value: string) =>
  value.replace(/[&"<>]/g, (c) => ({ "&": "&amp;", '"': "&quot;", "<": "&lt;", ">": "&gt;" })[c]!);

/** The page's first paragraph of its own text (not a card's; on an embed page its subtitle), cut to DESCRIPTION_MAX at a word. */
function description(document: Document): string {
  const paragraph = [...document.querySelectorAll("#observablehq-main p")].find(
    (p) =>
      !p.closest(".figure-card, .view-slot") &&
      !p.querySelector("observablehq-loading") &&
      (p.textContent ?? "").trim().length >= 40,
  );
  // An embed page has no text of its own: its card's universe and n say what it counts.
  const text = paragraph ?? document.querySelector(".figure-card .subtitle");
  const whole = (text?.textContent ?? "").replace(/\s+/g, " ").trim();
  if (whole.length <= DESCRIPTION_MAX) return whole;
  return `${whole.slice(0, DESCRIPTION_MAX).replace(/\s+\S*$/, "")}…`;
}

interface PagePreview {
  name: string;
  title: string;
  description: string;
  figure: string | undefined;
  imageAlt: string | undefined;
}

/** The preview tags of one page, every value escaped as text in its attribute. */
export function previewTags(
  page: { path: string; title: string; description: string; image: string; imageAlt: string },
  base: string,
): string {
  const tags: [string, string, string][] = [
    ["name", "description", page.description],
    ["property", "og:type", "website"],
    ["property", "og:site_name", "kube-census"],
    ["property", "og:title", page.title],
    ["property", "og:description", page.description],
    ...(base ? [["property", "og:url", `${base}${page.path}`] as [string, string, string]] : []),
    ["property", "og:image", `${base}${page.image}`],
    ["property", "og:image:type", "image/png"],
    ["property", "og:image:width", String(2 * PREVIEW_WIDTH)],
    ["property", "og:image:height", String(2 * PREVIEW_HEIGHT)],
    ["property", "og:image:alt", page.imageAlt],
    ["name", "twitter:card", "summary_large_image"],
  ];
  return tags.map(([k, n, v]) => `<meta ${k}="${n}" content="${attribute(v)}">`).join("\n");
}

/** The font resvg sets the images' text in (src/render/png.ts), named as the site build's need. */
function previewFont(): string {
  try {
    return pngFont();
  } catch (e) {
    throw new Error(
      `site build: the link-preview images need a font file. ${(e as Error).message.replace(/^--png: /, "")}`,
    );
  }
}

/**
 * Writes every page's preview image and tags into a built, prerendered site. Returns the images
 * written (paths under dist/).
 */
export async function writePreviews(
  dist: string,
  { base = siteBase(), font = previewFont() }: { base?: string; font?: string } = {},
): Promise<string[]> {
  const imageExport = (await importComponent(
    "docs/components/imageExport.js",
  )) as unknown as ImageExport;
  await mkdir(join(dist, PREVIEW_DIR), { recursive: true });
  const virtualConsole = new VirtualConsole();
  const pages: PagePreview[] = [];
  const images = new Map<string, string>();
  for (const name of await sitePages(dist)) {
    const html = await readFile(join(dist, name), "utf8");
    // The head's stylesheet and scripts say nothing a preview needs and cost a third of the parse.
    const head = html.indexOf("</head>");
    const slim =
      html.slice(0, head).replace(/<(style|script)\b[^>]*>[\s\S]*?<\/\1>/g, "") + html.slice(head);
    const { window } = new JSDOM(slim, { virtualConsole });
    const { document } = window;
    const card = document.querySelector(".figure-card[data-prerendered]");
    const figure = card?.id;
    if (card && figure && !images.has(figure)) {
      const svg = await withBrowserGlobals(window, () => previewSvg(card, imageExport));
      const file = `${PREVIEW_DIR}/${figure}.png`;
      await writeFile(join(dist, file), await renderPng(svg, font));
      images.set(figure, file);
    }
    pages.push({
      name,
      title: document.title.replace(/ \| kube-census$/, ""),
      description: description(document),
      figure,
      imageAlt: card ? `Chart: ${card.querySelector("h2")?.textContent?.trim()}` : undefined,
    });
    window.close();
  }
  const siteImage = images.get(SITE_PREVIEW_FIGURE);
  if (!siteImage)
    throw new Error(
      `no page draws ${SITE_PREVIEW_FIGURE}, the picture of pages without a chart: change SITE_PREVIEW_FIGURE in src/site/previews.ts`,
    );
  const siteAlt = pages.find((p) => p.figure === SITE_PREVIEW_FIGURE)!.imageAlt!;
  for (const page of pages) {
    const file = join(dist, page.name);
    const html = await readFile(file, "utf8");
    if (!html.includes("</head>"))
      throw new Error(`${file}: no </head> to put the preview tags in`);
    const path = `/${page.name.replace(/\.html$/, "").replace(/(^|\/)index$/, "")}`;
    const tags = previewTags(
      {
        path,
        title: page.title,
        description: page.description,
        image: `/${page.figure ? images.get(page.figure)! : siteImage}`,
        imageAlt: page.imageAlt ?? siteAlt,
      },
      base,
    );
    await writeFile(file, html.replace("</head>", `${tags}\n</head>`));
  }
  return [...images.values()];
}
