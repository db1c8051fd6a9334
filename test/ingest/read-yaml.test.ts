import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { CensusError } from "../../src/errors.ts";
import jsyaml from "js-yaml";
import { mayHoldAliases, parseYaml } from "../../src/ingest/read-yaml.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const fixture = (name: string) => readFileSync(join(root, "test/fixtures/yaml", name), "utf8");
const parse = (text: string, file = "f.yml") => parseYaml(text, file, "Do this.");

/** What the `yaml` package (the parser before js-yaml) made of a document: the reference. */
function before(text: string): unknown {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw doc.errors[0];
  return doc.toJS({ maxAliasCount: 100 });
}

/** Every *.yml under `dir`, recursively. */
function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? yamlFiles(join(dir, e.name))
      : e.name.endsWith(".yml") || e.name.endsWith(".yaml")
        ? [join(dir, e.name)]
        : [],
  );
}

describe("parseYaml reads what the yaml package read", () => {
  // The codebook, the book's facts, the code frames and every fixture (those that parse).
  const files = [...yamlFiles(join(root, "data")), ...yamlFiles(join(root, "test/fixtures"))]
    .filter((f) => !f.includes(join("data", "raw")))
    // Refused on purpose (an infinite value), tested below.
    .filter((f) => !f.endsWith("self-alias.yml"))
    .filter((f) => {
      try {
        before(readFileSync(f, "utf8"));
        return true;
      } catch {
        return false;
      }
    });

  it("finds the committed YAML files", () => {
    expect(files.filter((f) => f.includes("data/codebook/")).length).toBeGreaterThan(60);
  });

  for (const file of files) {
    it(relative(root, file), () => {
      const text = readFileSync(file, "utf8");
      expect(parse(text, file)).toStrictEqual(before(text));
    });
  }

  // Two real snapshots, oldest and newest (each takes the yaml package seconds).
  const mirror = (process.env.KUBE_CENSUS_MIRROR ?? "").split(":").filter(Boolean);
  for (const snapshot of ["2018-12-31", "2026-08-07"]) {
    const path = mirror
      .map((m) => join(m, "cncf-landscape", `landscape-${snapshot}.yml`))
      .find(existsSync);
    it.skipIf(!path)(`the real landscape snapshot ${snapshot}`, () => {
      const text = readFileSync(path!, "utf8");
      expect(parse(text, path)).toStrictEqual(before(text));
    });
  }
});

describe("parseYaml's schemas", () => {
  it("reads plain scalars by YAML 1.2's core schema without a header", () => {
    const value = parse(fixture("scalars-1.2.yml"));
    expect(value).toStrictEqual(before(fixture("scalars-1.2.yml")));
    expect(value).toStrictEqual({
      date: "2020-07-31",
      unpadded_date: "2022-6-17",
      timestamp: "2001-12-14t21:59:43.10-05:00",
      yes_word: "yes",
      on_word: "on",
      true_word: true,
      null_tilde: null,
      null_word: null,
      empty: null,
      octal_0o: 15,
      leading_zero: 17,
      hex: 31,
      signed_hex: "-0x1F",
      binary: "0b101",
      underscored: "1_000",
      base_60: "190:20:30",
      exponent: 1000,
      trailing_dot: 1,
      leading_dot: 0.5,
      infinity: -Infinity,
      not_a_number: NaN,
      quoted_number: "12",
      merge_key: { "<<": { a: 1 }, b: 2 },
    });
  });

  it("reads them by YAML 1.1's rules under a %YAML 1.1 header", () => {
    const value = parse(fixture("scalars-1.1.yml"));
    expect(value).toStrictEqual(before(fixture("scalars-1.1.yml")));
    expect(value).toStrictEqual({
      date: new Date("2020-07-31T00:00:00Z"),
      unpadded_date: new Date("2022-06-17T00:00:00Z"),
      timestamp: new Date("2001-12-15T02:59:43.100Z"),
      yes_word: true,
      on_word: true,
      true_word: true,
      null_tilde: null,
      null_word: null,
      empty: null,
      octal_0o: "0o17",
      leading_zero: 15,
      hex: 31,
      signed_hex: -31,
      binary: 5,
      underscored: 1000,
      base_60: 190 * 3600 + 20 * 60 + 30,
      exponent: 1000,
      trailing_dot: 1,
      leading_dot: 0.5,
      infinity: -Infinity,
      not_a_number: NaN,
      quoted_number: "12",
      merge_key: { a: 1, b: 2 },
    });
  });

  it("looks for the header only before the document's content", () => {
    const text = "# a comment\n\n%YAML 1.1\n---\nd: 2020-07-31\n";
    expect(parse(text)).toStrictEqual({ d: new Date("2020-07-31T00:00:00Z") });
    expect(parse("d: 2020-07-31\nnote: |\n  %YAML 1.1\n")).toStrictEqual({
      d: "2020-07-31",
      note: "%YAML 1.1\n",
    });
  });
});

describe("parseYaml refuses", () => {
  it("a syntax error with the file, line, column and what to do", () => {
    const text = fixture("../landscape/not-yaml.yml");
    expect(() => parse(text, "snap.yml")).toThrow(CensusError);
    expect(() => parse(text, "snap.yml")).toThrow(
      /^snap\.yml: not valid YAML at line 5, column 1: unexpected end of the stream within a flow collection\.\n[^]*\nDo this\.$/,
    );
  });

  it("a key written twice, at its line", () => {
    expect(() => parse(fixture("duplicate-key.yml"), "dup.yml")).toThrow(
      /^dup\.yml: not valid YAML at line 4, column \d+: duplicated mapping key/,
    );
    expect(() => before(fixture("duplicate-key.yml"))).toThrow(/unique/);
  });

  it("a second document", () => {
    expect(() => parse(fixture("two-documents.yml"), "two.yml")).toThrow(
      /^two\.yml: not valid YAML.*expected a single document/,
    );
  });

  it("an alias to its own container", () => {
    expect(() => parse(fixture("self-alias.yml"), "loop.yml")).toThrow(
      /^loop\.yml: not a usable YAML file \(an alias refers to a mapping or list that contains it\)\. Do this\.$/,
    );
  });

  it("aliases that add more than 100,000 values, and not fewer", () => {
    // Levels of ten aliases each: level k expands to 1 + 10 × (level k-1) values (a0: 11). Six
    // levels expand to 1 + 11 + 111 + … + 1,111,111 = 1,234,567 values, of which the text writes
    // 67 (the top mapping, its 6 values and their 60 entries): 1,234,500 added. Four add 12,300.
    const bomb = (levels: number) => {
      const lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"];
      for (let i = 1; i < levels; i++)
        lines.push(
          `a${i}: &a${i} [${Array(10)
            .fill(`*a${i - 1}`)
            .join(", ")}]`,
        );
      return lines.join("\n");
    };
    expect(() => parse(bomb(4), "small.yml")).not.toThrow();
    expect(() => parse(bomb(6), "bomb.yml")).toThrow(
      /^bomb\.yml: not a usable YAML file \(Excessive alias count: its aliases would add 1,234,500 values/,
    );
  });

  it("walks for aliases whenever the text may hold an anchor, wherever YAML lets one stand", () => {
    // Every place a node's properties may start; each parsed document really has the anchor.
    const anchored = [
      "&a x",
      "\uFEFF&a x",
      "k: &a v\nl: *a",
      "- &a x\n- *a",
      "? &a k\n: v",
      "k:\n  &a v",
      "[&a x, *a]",
      "{k: &a v, l: *a}",
      '{"k":&a v, l: *a}',
      "k: !!str &a v",
      "--- &a x",
      "k:\t&a v",
    ];
    for (const text of anchored) {
      expect(mayHoldAliases(text), text).toBe(true);
      expect(() => jsyaml.load(text), text).not.toThrow();
    }
    // No anchor: the walk is skipped, and the values are those js-yaml reads all the same.
    const plain = "url: https://x.test/?a=1&b=2\nwho: R & D\nlist: [a&b]";
    expect(mayHoldAliases(plain)).toBe(false);
    expect(parse(plain, "plain.yml")).toEqual(jsyaml.load(plain));
  });
});
