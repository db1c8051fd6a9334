import { createHash } from "node:crypto";
import { mkdtemp, mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { fetchSource, mirrorsFromEnv } from "../../src/sources/fetch.ts";
import { loadSources, type Source } from "../../src/sources/sources.ts";

const content = Buffer.from(
  "What is your geographic location?,\nResponse,Other (please specify)\nEurope,\n",
);
const sha = createHash("sha256").update(content).digest("hex");
const source: Source = {
  id: "fixture-survey",
  kind: "document",
  file: "surveys/fixture.csv",
  url: "https://example.invalid/fixture.csv",
  commit: "0".repeat(40),
  sha256: sha,
  bytes: content.length,
  license: "test",
};

let root: string;
let raw: string;
let mirror: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "kc-fetch-"));
  raw = join(root, "raw");
  mirror = join(root, "mirror");
  await mkdir(join(mirror, "surveys"), { recursive: true });
});

const noNetwork = (() =>
  Promise.reject(new Error("getaddrinfo ENOTFOUND example.invalid"))) as unknown as typeof fetch;

describe("fetch", () => {
  it("copies a verified file from the mirror, then serves the cached copy", async () => {
    await writeFile(join(mirror, source.file), content);
    const first = await fetchSource(source, {
      rawDir: raw,
      mirrors: ["/nonexistent", mirror],
      fetchImpl: noNetwork,
    });
    expect(first.origin).toBe("mirror");
    expect(await readFile(join(raw, source.file))).toEqual(content);
    const second = await fetchSource(source, { rawDir: raw, mirrors: [], fetchImpl: noNetwork });
    expect(second.origin).toBe("cached");
    // Atomic write: no partial file left beside the target.
    expect(await readdir(join(raw, "surveys"))).toEqual(["fixture.csv"]);
  });

  it("refuses a mirror copy whose checksum differs, naming expected and found", async () => {
    await writeFile(join(mirror, source.file), Buffer.concat([content, Buffer.from("x")]));
    await expect(
      fetchSource(source, { rawDir: raw, mirrors: [mirror], fetchImpl: noNetwork }),
    ).rejects.toThrow(
      new RegExp(
        `surveys/fixture\\.csv \\(fixture-survey\\) from mirror .*: expected sha256 ${sha} \\(${content.length} bytes\\), found sha256 [0-9a-f]{64} \\(${content.length + 1} bytes\\)`,
      ),
    );
  });

  it("replaces a damaged cached copy from the mirror", async () => {
    await mkdir(join(raw, "surveys"), { recursive: true });
    await writeFile(join(raw, source.file), "truncated");
    await writeFile(join(mirror, source.file), content);
    const result = await fetchSource(source, {
      rawDir: raw,
      mirrors: [mirror],
      fetchImpl: noNetwork,
    });
    expect(result.origin).toBe("mirror");
    expect(await readFile(join(raw, source.file))).toEqual(content);
  });

  it("says what to do when the file is in no mirror and the download fails", async () => {
    await expect(
      fetchSource(source, { rawDir: raw, mirrors: [mirror], fetchImpl: noNetwork }),
    ).rejects.toThrow(
      /surveys\/fixture\.csv \(fixture-survey\): not in the mirror folders .*, and downloading https:\/\/example\.invalid\/fixture\.csv failed \(getaddrinfo ENOTFOUND example\.invalid\)\. Set KUBE_CENSUS_MIRROR/,
    );
  });

  it("checks a download against its checksum", async () => {
    const wrong = (async () => new Response("not the file")) as unknown as typeof fetch;
    await expect(
      fetchSource(source, { rawDir: raw, mirrors: [], fetchImpl: wrong }),
    ).rejects.toThrow(/expected sha256 .* found sha256/);
    const right = (async () => new Response(content)) as unknown as typeof fetch;
    expect((await fetchSource(source, { rawDir: raw, mirrors: [], fetchImpl: right })).origin).toBe(
      "network",
    );
  });

  it("reads the mirror list from a colon-separated variable", () => {
    expect(mirrorsFromEnv("/a::/b")).toEqual(["/a", "/b"]);
    expect(mirrorsFromEnv("")).toEqual([]);
  });
});

describe("source manifest", () => {
  it("pins every raw file by commit and checksum", async () => {
    const sources = await loadSources();
    expect(sources.filter((s) => s.kind === "survey").map((s) => s.id)).toEqual([
      "survey-2018",
      "survey-2019",
      "survey-2020",
      "survey-2021-part1",
      "survey-2021-part2",
      "survey-2022",
    ]);
    expect(sources.filter((s) => s.kind === "landscape")).toHaveLength(10);
    for (const s of sources) expect(s.url).toContain(s.commit);
    // Each survey pins its respondents (a truncated export cannot pass) and its shape.
    for (const s of sources)
      if (s.kind === "survey") {
        expect(s.expected?.respondents, s.id).toBeGreaterThan(0);
        expect(s.expected?.columns ?? s.expected?.sheets, s.id).toBeGreaterThan(0);
      }
  });

  it("refuses the fixtures' all-zero sha256, a survey without its survey file or expected count, a year left in the manifest, and a misspelt shape", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kc-src-"));
    const path = join(dir, "sources.json");
    const survey = { ...source, kind: "survey" };
    await writeFile(path, JSON.stringify({ sources: [{ ...survey, sha256: "0".repeat(64) }] }));
    await expect(loadSources(path)).rejects.toThrow(/"fixture-survey" has the all-zero sha256/);
    await writeFile(path, JSON.stringify({ sources: [survey] }));
    await expect(loadSources(path)).rejects.toThrow(
      /surveys\/fixture-survey\.yml: cannot read the survey file of source "fixture-survey"/,
    );
    // What a survey is lives in its survey file: a year or format left in the manifest is refused.
    await writeFile(path, JSON.stringify({ sources: [{ ...survey, year: 2019 }] }));
    await expect(loadSources(path)).rejects.toThrow(/sources\.0: Unrecognized key: "year"/);
    await mkdir(join(dir, "surveys"));
    await writeFile(path, JSON.stringify({ sources: [survey] }));
    const file = join(dir, "surveys", "fixture-survey.yml");
    const head =
      "source: fixture-survey\nyear: 2019\nlabel: '2019'\nlayout: csv-labelled\nencoding: utf-8\n";
    await writeFile(file, head);
    await expect(loadSources(path)).rejects.toThrow(/invalid survey file:\n  expected: /);
    await writeFile(file, head + "expected: { respondents: 1, colums: 3 }\n");
    await expect(loadSources(path)).rejects.toThrow(/expected: Unrecognized key: "colums"/);
    await writeFile(file, head + "expected: { respondents: 1 }\n");
    const [loaded] = await loadSources(path);
    expect(loaded).toMatchObject({ id: "fixture-survey", year: 2019, layout: "csv-labelled" });
  });

  it("rejects a manifest entry with a bad checksum, naming the field", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kc-src-"));
    const path = join(dir, "sources.json");
    await writeFile(path, JSON.stringify({ sources: [{ ...source, sha256: "abc" }] }));
    await expect(loadSources(path)).rejects.toThrow(/sources\.0\.sha256/);
  });
});

describe("fetch on hostile paths", () => {
  it("names a FIFO in the mirror instead of hanging on it", async () => {
    const { execFileSync } = await import("node:child_process");
    execFileSync("mkfifo", [join(mirror, source.file)]);
    await expect(
      fetchSource(source, { rawDir: raw, mirrors: [mirror], network: false }),
    ).rejects.toThrow(/surveys\/fixture\.csv is not a regular file \(a FIFO, socket or device\)/);
  });

  it("names a directory where the local copy should be", async () => {
    await mkdir(join(raw, source.file), { recursive: true });
    await writeFile(join(mirror, source.file), content);
    await expect(
      fetchSource(source, { rawDir: raw, mirrors: [mirror], network: false }),
    ).rejects.toThrow(/raw\/surveys\/fixture\.csv is a directory/);
  });

  it("mentions the damaged local copy when no mirror holds the file", async () => {
    await mkdir(join(raw, "surveys"), { recursive: true });
    await writeFile(join(raw, source.file), "truncated");
    await expect(fetchSource(source, { rawDir: raw, mirrors: [], network: false })).rejects.toThrow(
      /no mirror set; the copy in .*raw\/surveys\/fixture\.csv is damaged \(sha256 [0-9a-f]{64}, 9 bytes, not the pinned one\), and the network is off/,
    );
  });

  it("names the path when the fetched file cannot be written", async () => {
    await writeFile(join(mirror, source.file), content);
    // A file where the folder should be: mkdir fails with ENOTDIR/EEXIST.
    await mkdir(raw, { recursive: true });
    await writeFile(join(raw, "surveys"), "not a folder");
    await expect(
      fetchSource(source, { rawDir: raw, mirrors: [mirror], network: false }),
    ).rejects.toThrow(
      /raw\/surveys.*(cannot create the folder|cannot read|not a regular|cannot write)/,
    );
  });
});
