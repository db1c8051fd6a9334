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

/**
 * Runs in every page's head (serialised below, so it stays readable here). It gives the page its
 * language and moves the sidebar's close button out of its <ol> (a list may hold only items), both
 * for screen readers; Framework writes neither into its template. Tables are made focusable as the
 * page draws them (a wide one scrolls inside itself, and a keyboard reader must reach it), and each
 * body cell is labelled with its column's header (`data-label`): at phone width the stylesheet
 * turns a table with one header row into one card per row, each value under its column's name.
 * Last, the top bar's menu button: it drives Framework's own sidebar checkbox (so Framework's state
 * and session memory stay right), says whether the page list is open (aria-expanded), and Escape
 * closes the list and gives the focus back to the button.
 */
function setupPage() {
  document.documentElement.lang = "en";
  const labelCells = (table) => {
    const head = table.tHead;
    // Only a plain header (one row, no spans) names each column unambiguously.
    if (!head || head.rows.length !== 1) return;
    const names = [...head.rows[0].cells];
    if (names.some((c) => c.colSpan > 1 || c.rowSpan > 1)) return;
    for (const body of table.tBodies)
      for (const row of body.rows)
        [...row.cells].forEach((cell, i) => {
          if (!cell.hasAttribute("data-label") && names[i])
            cell.setAttribute("data-label", names[i].textContent.trim());
        });
    table.setAttribute("data-cards", "");
  };
  const tidy = () =>
    document.querySelectorAll("#observablehq-main table").forEach((t) => {
      if (!t.hasAttribute("tabindex")) t.setAttribute("tabindex", "0");
      labelCells(t);
    });
  addEventListener("DOMContentLoaded", () => {
    const close = document.getElementById("observablehq-sidebar-close");
    close?.closest("ol")?.before(close);
    tidy();
    new MutationObserver(tidy).observe(document.body, { childList: true, subtree: true });

    const toggle = document.getElementById("observablehq-sidebar-toggle");
    const sidebar = document.getElementById("observablehq-sidebar");
    const button = document.getElementById("kc-menu");
    if (!toggle || !sidebar || !button) return;
    const open = () =>
      (toggle.checked && !toggle.indeterminate) || sidebar.matches(":focus-within");
    const sync = () => button.setAttribute("aria-expanded", String(open()));
    button.addEventListener("click", () => {
      // Framework's own click handler keeps its open/closed/default state consistent.
      if (toggle.checked && !toggle.indeterminate) toggle.click();
      else {
        toggle.click();
        if (!toggle.checked || toggle.indeterminate) toggle.click();
        sidebar.querySelector(".observablehq-link-active a, a")?.focus();
      }
      sync();
    });
    // Framework remembers an open list for the next page (sessionStorage); on a phone the next
    // page should show the page, so the list closes when a page is chosen, or on arrival.
    // The width below which Framework lays the list over the page and the top bar shows.
    const narrow = () => matchMedia("(max-width: 1007.98px)").matches;
    const closeList = () => {
      if (narrow() && toggle.checked && !toggle.indeterminate) toggle.click();
    };
    closeList();
    sidebar.addEventListener("click", (event) => {
      if (event.target.closest("a[href]")) closeList();
    });
    toggle.addEventListener("change", sync);
    sidebar.addEventListener("focusin", sync);
    sidebar.addEventListener("focusout", () => setTimeout(sync));
    document.addEventListener(
      "keydown",
      (event) => {
        if (event.key !== "Escape" || !open() || !narrow()) return;
        event.stopPropagation();
        if (toggle.checked && !toggle.indeterminate) toggle.click();
        // The list stays open while the focus is in it.
        button.focus();
        sync();
      },
      true,
    );
    sync();
  });
}

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
        { name: "Trends across the survey years", path: "/trends" },
        { name: "Distributions", path: "/distributions" },
      ],
    },
    {
      name: "The landscape",
      open: true,
      pages: [
        { name: "Landscape explorer", path: "/landscape" },
        { name: "The 2020 stack today", path: "/stack-today" },
        { name: "Project momentum", path: "/momentum" },
      ],
    },
    { name: "Explore the surveys", path: "/explorer" },
    { name: "Reproduction scorecard", path: "/scorecard" },
    { name: "Methods and sources", path: "/methods" },
  ],
  // The top bar, shown below the width where Framework keeps the page list open beside the page
  // (style.css): the site's name and a menu button for the page list. Framework's own toggle is a
  // 32 px strip at the left edge, too narrow for a thumb and easy to miss.
  header:
    '<a class="kc-site-name" href="./">kube-census</a><button type="button" id="kc-menu" aria-controls="observablehq-sidebar" aria-expanded="false"><span class="kc-menu-icon" aria-hidden="true"></span>Menu</button>',
  footer:
    "kube-census — numbers recomputed from the CNCF survey exports and landscape snapshots. Code Apache-2.0.",
  // No favicon request (there is none to serve). Framework's own viewport meta caps the scale at 1,
  // which blocks pinch-zoom: a second one after it (the last one wins) allows zoom.
  head: `<link rel="icon" href="data:,"><meta name="viewport" content="width=device-width, initial-scale=1"><script>(${setupPage})();</script>`,
  dynamicPaths: embedPaths,
  search: false,
  linkify: false,
};
