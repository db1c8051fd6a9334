import type { Loader } from "vega";
import type { TopLevelSpec } from "vega-lite";

const refuse = async (uri: string): Promise<never> => {
  throw new Error(`renderSvg: refusing to load ${uri}: a figure's spec must carry its own data`);
};

/** Specs are self-contained; any load (data URL, image) is a bug, never a network request. */
const offlineLoader: Loader = { load: refuse, sanitize: refuse, http: refuse, file: refuse };

/** Renders a Vega-Lite spec to SVG in Node: no browser, no canvas (text widths estimated), no network. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  // Imported here: they take ~0.4 s to load, which only SVG output should pay.
  const [vega, vl] = await Promise.all([import("vega"), import("vega-lite")]);
  // Vega annotates the tuples it ingests; work on a copy so the caller's rows stay as they were.
  const compiled = vl.compile(structuredClone(spec)).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none", loader: offlineLoader });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
