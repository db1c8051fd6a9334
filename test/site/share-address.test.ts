import { JSDOM } from "jsdom";
import { describe, expect, it } from "vitest";
import { cardLink, embedLink, iframeSnippet } from "../../src/site/share-address.ts";

// Issue 18, items 2 and 3: the addresses a card hands out (pure, in Node; the browser side is
// test/site/share.test.ts).

const PAGE = "https://example.org/census/networking?fig-2-4.year=2018&fig-2-3.year=2020#top";

describe("a card's link", () => {
  it("holds only that card's parameters, and its anchor", () => {
    const search = "?fig-2-4.year=2018&fig-2-3.year=2020&fig-2-4.segments=a%7Cb&fig-2-40.year=1";
    const link = new URL(cardLink(PAGE, search, "fig-2-4"));
    expect(link.origin + link.pathname).toBe("https://example.org/census/networking");
    expect([...link.searchParams]).toEqual([
      ["fig-2-4.year", "2018"],
      ["fig-2-4.segments", "a|b"],
    ]);
    // Another card whose id merely starts the same (fig-2-40) is another card.
    expect(link.search).not.toContain("fig-2-40");
    expect(link.hash).toBe("#fig-2-4");
  });

  it("is the bare page and anchor when the card is at its default", () => {
    expect(cardLink(PAGE, "?fig-2-3.year=2020", "fig-2-4")).toBe(
      "https://example.org/census/networking#fig-2-4",
    );
  });

  it("keeps a value that needs encoding as the card reads it back", () => {
    const category = "Ingress & more = ok?#";
    const search = new URLSearchParams({ "fig-2-4.category": category }).toString();
    const link = new URL(cardLink(PAGE, search, "fig-2-4"));
    expect(link.searchParams.get("fig-2-4.category")).toBe(category);
    expect(link.hash).toBe("#fig-2-4");
  });
});

describe("a card's embed", () => {
  it("points at the embed page under the site root, with the card's parameters", () => {
    const link = embedLink(
      "https://example.org/census/",
      "?fig-2-4.year=2018&fig-1-1.year=2019",
      "fig-2-4",
    );
    expect(link).toBe("https://example.org/census/embed/fig-2-4?fig-2-4.year=2018");
  });

  it("writes an iframe whose attributes stay attributes, whatever the title says", () => {
    const title = `Ingress "controllers" <script>alert(1)</script> & more`;
    const src = "https://example.org/embed/fig-2-4?fig-2-4.year=2018&fig-2-4.segments=a%7Cb";
    const snippet = iframeSnippet(src, title, 812.4);
    const { document } = new JSDOM(`<body>${snippet}</body>`).window;
    expect(document.body.children.length).toBe(1);
    const frame = document.querySelector("iframe")!;
    expect(frame.getAttribute("src")).toBe(src);
    expect(frame.getAttribute("title")).toBe(title);
    expect(frame.getAttribute("width")).toBe("100%");
    expect(frame.getAttribute("height")).toBe("813");
    expect(frame.getAttribute("allow")).toBe("clipboard-write");
    expect(document.querySelector("script")).toBeNull();
  });

  it("refuses a height that is no height", () => {
    expect(() => iframeSnippet("https://example.org/", "t", 0)).toThrow(/positive number/);
    expect(() => iframeSnippet("https://example.org/", "t", Number.NaN)).toThrow(/NaN/);
  });
});
