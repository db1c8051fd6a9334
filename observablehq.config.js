// Observable Framework configuration: an offline, self-contained site (no CDN, no web fonts).
import { readdirSync, readFileSync } from "node:fs";

// One embed page per figure card a page places (docs/embed/[figure].md), found as
// src/site/figure-pages.ts finds them, so a new card gets its embed page.
const embedPaths = () => {
  const docs = new URL("docs/", import.meta.url);
  const ids = readdirSync(docs)
    .filter((f) => f.endsWith(".md"))
    .flatMap((f) => [
      ...readFileSync(new URL(f, docs), "utf8").matchAll(
        /<div class="figure-slot" data-figure="([\w-]+)"/g,
      ),
    ])
    .map((m) => m[1]);
  return [...new Set(ids)].sort().map((id) => `/embed/${id}`);
};

export default {
  title: "kube-census",
  root: "docs",
  output: "dist",
  theme: ["air", "near-midnight"],
  style: "style.css",
  // Framework's default stylesheet pulls a Google font; ours uses the reader's system fonts.
  globalStylesheets: [],
  pages: [
    { name: "Overview", path: "/" },
    {
      name: "The survey figures",
      open: true,
      pages: [
        { name: "Deployment size", path: "/deployment-size" },
        { name: "Container challenges", path: "/challenges" },
        { name: "Storage", path: "/storage" },
        { name: "Networking and ingress", path: "/networking" },
        { name: "Service mesh", path: "/service-mesh" },
        { name: "Managed Kubernetes", path: "/managed-kubernetes" },
        { name: "Trends 2017–2022", path: "/trends" },
      ],
    },
    {
      name: "The landscape",
      open: true,
      pages: [
        { name: "Landscape explorer", path: "/landscape" },
        { name: "The 2020 stack today", path: "/stack-today" },
      ],
    },
    { name: "Explore the surveys", path: "/explorer" },
    { name: "Reproduction scorecard", path: "/scorecard" },
    { name: "Methods and sources", path: "/methods" },
  ],
  footer:
    "kube-census — numbers recomputed from the CNCF survey exports and landscape snapshots. Code Apache-2.0.",
  // No favicon request (there is none to serve). Framework's own viewport meta caps the scale at 1,
  // which blocks pinch-zoom: a second one after it (the last one wins) allows zoom. The script gives
  // the page its language and moves the sidebar's close button out of its <ol> (a list may hold
  // only items), both for screen readers; Framework writes neither into its template. Tables are
  // made focusable as the page draws them: on a phone a wide one scrolls inside itself, and a
  // keyboard reader must be able to reach and scroll it.
  head: '<link rel="icon" href="data:,"><meta name="viewport" content="width=device-width, initial-scale=1"><script>document.documentElement.lang = "en"; addEventListener("DOMContentLoaded", () => { const close = document.getElementById("observablehq-sidebar-close"); close?.closest("ol")?.before(close); new MutationObserver(() => document.querySelectorAll("#observablehq-main table:not([tabindex])").forEach((t) => t.setAttribute("tabindex", "0"))).observe(document.body, { childList: true, subtree: true }); });</script>',
  dynamicPaths: embedPaths,
  search: false,
  linkify: false,
};
