import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSources } from "../../src/sources/sources.ts";

const document = {
  id: "a-document",
  kind: "document",
  file: "docs/a.pdf",
  url: "https://example.invalid/a.pdf",
  commit: "1".repeat(40),
  sha256: "2".repeat(64),
  bytes: 10,
  license: "test",
};

describe("the source manifest's URLs", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "kc-manifest-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  // The methods page links every source: zod's url() alone accepted javascript: and data:.
  it.each([
    "javascript:alert(document.cookie)",
    "data:text/html,<script>1</script>",
    "file:///etc/passwd",
  ])("refuses %s, naming the field", async (url) => {
    const path = join(dir, "sources.json");
    await writeFile(path, JSON.stringify({ sources: [{ ...document, url }] }));
    await expect(loadSources(path)).rejects.toThrow(/sources\.0\.url: must be an http\(s\) URL/);
  });

  it("accepts https and http", async () => {
    const path = join(dir, "sources.json");
    await writeFile(
      path,
      JSON.stringify({
        sources: [document, { ...document, id: "b", url: "http://example.invalid/b" }],
      }),
    );
    expect((await loadSources(path)).map((s) => s.url)).toHaveLength(2);
  });
});
