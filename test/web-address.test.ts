import { describe, expect, it } from "vitest";
import { hashTarget, webUrl } from "../src/web-address.ts";

describe("addresses from outside", () => {
  it("makes a link only of an http(s) URL", () => {
    expect(webUrl("https://kubernetes.io/")).toBe("https://kubernetes.io/");
    expect(webUrl("http://example.org/a b")).toBe("http://example.org/a%20b");
    // A landscape URL with a trailing no-break space (2025-12-31) is still its site.
    expect(webUrl("https://example.org/\u00a0")).toBe("https://example.org/");
    for (const hostile of [
      "javascript:alert(1)",
      " JavaScript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "vbscript:x",
      "file:///etc/passwd",
      "//evil.example/",
      "not a url",
      null,
      42,
    ])
      expect(webUrl(hostile), String(hostile)).toBeUndefined();
  });

  it("reads the fragment a page was opened at; a malformed percent-encoding names nothing", () => {
    expect(hashTarget("#fig-2-4")).toBe("fig-2-4");
    expect(hashTarget("#caf%C3%A9")).toBe("café");
    expect(hashTarget("")).toBe("");
    // decodeURIComponent throws a URIError here, which stopped the card that read it.
    expect(hashTarget("#fig-2-4%E0%A4%A")).toBe("");
  });
});
