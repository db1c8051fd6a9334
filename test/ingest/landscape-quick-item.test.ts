import { describe, expect, it } from "vitest";
import {
  LandscapeItemYaml,
  quickItem,
  toLandscapeItem,
} from "../../src/ingest/landscape/landscape-item.ts";

const place = { snapshot: "2024-12-31", category: "C", subcategory: "S", path: "p" };

// Each field's values: valid ones, blank ones, and ones zod refuses (quickItem must then say null).
const variants: Record<string, unknown[]> = {
  name: ["Alpha", "  Alpha ", "", "  ", 3, null, undefined],
  homepage_url: ["https://a.io", " https://a.io\u00a0", "", "  ", null, undefined, 5, ["x"]],
  project: ["sandbox", "graduated", "archived", "Sandbox", " sandbox", "", null, undefined, true],
  crunchbase: [
    "https://www.crunchbase.com/organization/alpha",
    " https://crunchbase.com/organization/alpha?utm=x ",
    "https://example.com/alpha",
    "",
    null,
    undefined,
  ],
  extra: [
    undefined,
    null,
    "",
    "text",
    [],
    {},
    { accepted: "2019-1-2", logo: "a.svg" },
    { accepted: new Date("2019-01-02T00:00:00Z"), incubating: "", b: 1, a: 2 },
    { graduated: "2019-02-30" },
    { archived: new Date("nope") },
    { accepted: 20190102 },
    { accepted: " 2020-05-06 ", dev_stats_url: "https://x" },
  ],
};

/** Every item with one field varied at a time, beside a base item with unknown keys. */
function* items(): Generator<Record<string, unknown>> {
  const base = { item: null, name: "Alpha", repo_url: "https://github.com/a/a", logo: "a.svg" };
  for (const [field, values] of Object.entries(variants))
    for (const v of values) {
      const item: Record<string, unknown> = { ...base };
      if (v === undefined) delete item[field];
      else item[field] = v;
      yield item;
    }
  yield { zeta: 1, name: "Z", item: "kept: not null", alpha: { nested: [1, 2] } };
}

describe("quickItem", () => {
  it("reads every item zod accepts the same way, extra's key order included, or defers to zod", () => {
    let quick = 0;
    for (const raw of items()) {
      const fast = quickItem(raw);
      const parsed = LandscapeItemYaml.safeParse(raw);
      if (!parsed.success) {
        expect(fast, JSON.stringify(raw)).toBeNull();
        continue;
      }
      if (fast === null) continue;
      quick++;
      const a = toLandscapeItem(fast, place);
      const b = toLandscapeItem(parsed.data, place);
      expect(a, JSON.stringify(raw)).toEqual(b);
      expect(a.extra).toBe(b.extra);
    }
    // why: a checker that always deferred would pass the loop above and save nothing
    expect(quick).toBeGreaterThan(25);
  });

  it("defers a __proto__ key to zod", () => {
    const raw = JSON.parse('{"name": "A", "__proto__": {"x": 1}}') as Record<string, unknown>;
    expect(quickItem(raw)).toBeNull();
  });
});
