import { JSDOM } from "jsdom";
import { describe, expect, it } from "vitest";
import { previewTags, resolveThemeVariables, siteBase } from "../../src/site/previews.ts";

// Issue 18, item 2: the pieces of the link previews that need no build (the built site's tags and
// images are checked in test/site/share.test.ts).

describe("link-preview tags", () => {
  const page = {
    path: "/networking",
    title: `Ingress "providers" <script>alert(1)</script>`,
    description: "Which ingress controllers & proxies? <b>bold</b>",
    image: "/_preview/fig-2-4.png",
    imageAlt: "Chart: Ingress",
  };
  const parse = (tags: string) => {
    const { document } = new JSDOM(`<head>${tags}</head>`).window;
    const all = [...document.head.children];
    const get = (key: string) =>
      all
        .find((m) => m.getAttribute("property") === key || m.getAttribute("name") === key)
        ?.getAttribute("content");
    return { all, get };
  };

  it("writes the page's words as attribute text, never as markup", () => {
    const { all, get } = parse(previewTags(page, ""));
    expect(all.every((e) => e.tagName === "META")).toBe(true);
    expect(get("og:title")).toBe(page.title);
    expect(get("description")).toBe(page.description);
    expect(get("og:description")).toBe(page.description);
    expect(get("twitter:card")).toBe("summary_large_image");
    expect([get("og:image:width"), get("og:image:height")]).toEqual(["1200", "630"]);
  });

  it("points at a root-relative image without a base, an absolute one with it", () => {
    expect(parse(previewTags(page, "")).get("og:image")).toBe("/_preview/fig-2-4.png");
    expect(parse(previewTags(page, "")).get("og:url")).toBeUndefined();
    const withBase = parse(previewTags(page, "https://example.org/census"));
    expect(withBase.get("og:image")).toBe("https://example.org/census/_preview/fig-2-4.png");
    expect(withBase.get("og:url")).toBe("https://example.org/census/networking");
  });

  it("takes the base from KUBE_CENSUS_SITE_URL, and refuses one that is no web address", () => {
    expect(siteBase({})).toBe("");
    expect(siteBase({ KUBE_CENSUS_SITE_URL: "https://example.org/census/" })).toBe(
      "https://example.org/census",
    );
    expect(() => siteBase({ KUBE_CENSUS_SITE_URL: "javascript:alert(1)" })).toThrow(
      /KUBE_CENSUS_SITE_URL=javascript:alert\(1\) is not an http\(s\) address/,
    );
  });
});

describe("the preview image's colours", () => {
  it("resolves the theme's variables, for resvg, which knows none", () => {
    expect(
      resolveThemeVariables('<g fill="var(--theme-foreground-focus)" stroke="var(--x, #123456)">'),
    ).toBe('<g fill="#3b5fc0" stroke="#123456">');
  });

  it("names a variable it cannot resolve and where to add it", () => {
    expect(() => resolveThemeVariables('<g fill="var(--kc-new)">')).toThrow(
      /var\(--kc-new\).*LIGHT_THEME in src\/site\/previews\.ts/,
    );
  });
});
