import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../src/paths.ts";
import { rString } from "../../src/export/labelled-r.ts";
import {
  spssString,
  SPSS_VALUE_LABEL_BYTES,
  SPSS_VARIABLE_LABEL_BYTES,
} from "../../src/export/labelled-spss.ts";
import { stataString, STATA_VARIABLE_LABEL_CHARS } from "../../src/export/labelled-stata.ts";
import { cutBytes, oneLine } from "../../src/export/labelled-text.ts";
import { checkNames, nameProblem, optionVariable } from "../../src/export/labelled-names.ts";
import { levelCodes } from "../../src/export/labelled-variables.ts";

/** Labels each language must quote (test/fixtures/labelled/README.md says why each). */
const NASTY = JSON.parse(
  readFileSync(join(projectRoot, "test/fixtures/labelled/nasty-labels.json"), "utf8"),
) as Record<string, string>;
const cases = Object.entries(NASTY);
const bytes = (s: string) => new TextEncoder().encode(s).length;

/** Reads an SPSS literal back as SPSS does: 'pieces' joined by +, '' an apostrophe. */
function readSpss(literal: string): string {
  const pieces = literal.split(/ \+\n {4}/);
  return pieces
    .map((p) => {
      expect(p).toMatch(/^'(?:[^']|'')*'$/);
      return p.slice(1, -1).replace(/''/g, "'");
    })
    .join("");
}

/** Reads a Stata compound-quoted literal back: \` and \$ are the characters themselves. */
function readStata(literal: string): string {
  expect(literal.startsWith('`"') && literal.endsWith("\"'")).toBe(true);
  const body = literal.slice(2, -2);
  // The compound quote must not close early, and no macro may expand.
  expect(body).not.toContain("\"'");
  expect(body.replace(/\\[`$]/g, "")).not.toMatch(/[`$]/);
  return body.replace(/\\\\(?=\\[`$])/g, "\\").replace(/\\([`$])/g, "$1");
}

/** Reads an R literal back, escapes as R defines them. */
function readR(literal: string): string {
  expect(literal).toMatch(/^"[\x20-\x7e]*"$/); // plain ASCII, one line
  return literal
    .slice(1, -1)
    .replace(
      /\\(?:u\{([0-9a-f]{1,4})\}|U\{([0-9a-f]{1,8})\}|(.))/g,
      (_, u: string, U: string, c: string) =>
        u || U
          ? String.fromCodePoint(parseInt(u || U, 16))
          : (({ n: "\n", r: "\r", t: "\t" } as Record<string, string>)[c] ?? c),
    );
}

describe("escaping labels for SPSS (.sps)", () => {
  it.each(cases)("%s: one line, apostrophes doubled, read back as written", (_, label) => {
    const literal = spssString(label);
    expect(readSpss(literal)).toBe(cutBytes(oneLine(label), SPSS_VARIABLE_LABEL_BYTES));
    expect(literal.split("\n").every((l) => l.length < 100)).toBe(true);
  });

  it("cuts variable labels at 256 and value labels at 120 UTF-8 bytes, saying so with …", () => {
    const long = NASTY.long_multibyte!;
    expect(bytes(long)).toBe(390); // 150 é (2 bytes each), 30 " ü" (3 bytes each)
    const variable = readSpss(spssString(long));
    const value = readSpss(spssString(long, SPSS_VALUE_LABEL_BYTES));
    expect(bytes(variable)).toBeLessThanOrEqual(256);
    expect(bytes(value)).toBeLessThanOrEqual(120);
    expect(variable.endsWith("…") && value.endsWith("…")).toBe(true);
    // never inside a character: é is two bytes, … three, so 126 é fill 252 + 3 > 256 - …
    expect(variable).toBe(`${"é".repeat(126)}…`);
  });

  it("keeps the text of a label that has line breaks, as spaces", () => {
    expect(readSpss(spssString(NASTY.line_breaks!))).toBe("Line one line two line three tabbed");
  });
});

describe("escaping labels for Stata (.do)", () => {
  it.each(cases)("%s: compound-quoted, no macro expands, read back", (_, label) => {
    const back = readStata(stataString(label));
    expect(back).toBe(
      [...oneLine(label)].length > STATA_VARIABLE_LABEL_CHARS
        ? back // cut: checked below
        : oneLine(label).replace(/"'/g, '"\u2019'),
    );
  });

  it("escapes backticks and dollar signs, the two macro characters", () => {
    expect(stataString("a `b' $c")).toBe("`\"a \\`b' \\$c\"'");
  });

  it("changes only the apostrophe of a \"' pair, which would close the quote", () => {
    expect(readStata(stataString(NASTY.stata_compound_closer!))).toBe(
      'He said "hi"\u2019 and left "\u2019',
    );
  });

  it("cuts variable labels at Stata's 80 characters, saying so with …", () => {
    const back = readStata(stataString(NASTY.long_multibyte!));
    expect([...back]).toHaveLength(80);
    expect(back.endsWith("…")).toBe(true);
  });
});

describe("escaping labels for R (.R)", () => {
  it.each(cases)("%s: ASCII, every character kept exactly", (_, label) => {
    expect(readR(rString(label))).toBe(label.replace(/\u0000/g, ""));
  });

  it("writes characters beyond the BMP as \\U{…} (\\u{…} takes 4 digits at most)", () => {
    expect(rString("🚀")).toBe('"\\U{1f680}"');
    expect(rString('é"\\\n')).toBe('"\\u{00e9}\\"\\\\\\n"');
  });
});

describe("variable names", () => {
  it("derives per-option names from question id and option code", () => {
    expect(optionVariable("challenges", 6)).toBe("challenges_6");
    expect(optionVariable("storage", "other")).toBe("storage_other");
  });

  it.each([
    ["region", null],
    ["observability_deployment_12", null],
    ["a".repeat(33), "33 characters, more than Stata's 32"],
    ["1st", "not letters, digits and underscores starting with a lowercase letter"],
    ["with", "a reserved word in SPSS, Stata or R"],
    ["in", "a reserved word in SPSS, Stata or R"],
    ["has space", "not letters, digits and underscores starting with a lowercase letter"],
  ])("%s: %s", (name, problem) => {
    expect(nameProblem(name)).toBe(problem);
  });

  it("refuses a name used twice (ignoring case, as SPSS does), naming it", () => {
    expect(() => checkNames(["region", "k8s_user", "region"])).toThrow(/"region": used twice/);
  });
});

describe("matrix level codes", () => {
  it("keeps a whole-number level's number and numbers the rest after it, in codebook order", () => {
    expect([...levelCodes(["1", "2", "3", "4", "5", "N/A"])]).toEqual([
      ["1", 1],
      ["2", 2],
      ["3", 3],
      ["4", 4],
      ["5", 5],
      ["N/A", 6],
    ]);
    expect([...levelCodes(["0", "1", "2", "3", "4 or more", "Don't know or not sure"])]).toEqual([
      ["0", 0],
      ["1", 1],
      ["2", 2],
      ["3", 3],
      ["4 or more", 4],
      ["Don't know or not sure", 5],
    ]);
    expect([...levelCodes(["Using in production", "Evaluating", "N/A"])]).toEqual([
      ["Using in production", 1],
      ["Evaluating", 2],
      ["N/A", 3],
    ]);
  });
});
