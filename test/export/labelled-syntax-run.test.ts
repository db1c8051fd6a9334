import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../src/paths.ts";
import { rSyntax } from "../../src/export/labelled-r.ts";
import { spssSyntax } from "../../src/export/labelled-spss.ts";
import { cutBytes, oneLine } from "../../src/export/labelled-text.ts";
import type { LabelledLayout } from "../../src/export/labelled-variables.ts";

/**
 * The syntax files run by the real programs, on a three-row CSV whose labels are the nasty ones
 * (test/fixtures/labelled/): GNU PSPP reads the .sps (SPSS's syntax), R sources the .R. Stata is
 * not free software and is not run. Each part skips, saying why, where its program is missing
 * (`apt-get install pspp r-base-core r-cran-survey` on Debian).
 */
const NASTY = JSON.parse(
  readFileSync(join(projectRoot, "test/fixtures/labelled/nasty-labels.json"), "utf8"),
) as Record<string, string>;

const has = (program: string) => spawnSync("sh", ["-c", `command -v ${program}`]).status === 0;
const noPspp = has("pspp") ? false : "GNU PSPP is not installed (apt-get install pspp)";
const noR = has("Rscript")
  ? false
  : "R is not installed (apt-get install r-base-core r-cran-survey)";

const LAYOUT: LabelledLayout = {
  year: 2099,
  period: "2099",
  panel: false,
  times: false,
  codes: [],
  questions: [],
  variables: [
    { name: "respondent", label: "Respondent key", kind: "key", type: "INTEGER" },
    { name: "weight", label: NASTY.stata_macros!, kind: "weight", type: "DOUBLE" },
    {
      name: "q_single",
      label: NASTY.apostrophes_and_quotes!,
      kind: "coded",
      type: "INTEGER",
      question: "q_single",
      values: [
        { code: 1, label: NASTY.line_breaks! },
        { code: 2, label: NASTY.stata_compound_closer! },
        { code: 3, label: NASTY.long_multibyte! },
      ],
    },
    {
      name: "q_multi_1",
      label: NASTY.control_and_astral!,
      kind: "indicator",
      type: "INTEGER",
      question: "q_multi",
      option: "A",
      values: [
        { code: 0, label: "not chosen" },
        { code: 1, label: NASTY.apostrophes_and_quotes! },
      ],
    },
    {
      name: "q_multi_2",
      label: "Second option",
      kind: "indicator",
      type: "INTEGER",
      question: "q_multi",
      option: "B",
      values: [
        { code: 0, label: "not chosen" },
        { code: 1, label: "B" },
      ],
    },
  ],
  mrsets: [
    {
      name: "q_multi",
      label: NASTY.stata_compound_closer!,
      question: "q_multi",
      variables: ["q_multi_1", "q_multi_2"],
      counted: 1,
    },
  ],
};

const CSV =
  "respondent,weight,q_single,q_multi_1,q_multi_2\n1,0.5,1,1,0\n2,1.25,3,0,1\n3,1.25,,,\n";
const HEADER = ["A header with 'quotes' and a\nline break."];

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), "kc-labelled-run-"));
  writeFileSync(join(dir, "respondents_2099.csv"), CSV);
  writeFileSync(
    join(dir, "respondents_2099.sps"),
    spssSyntax(LAYOUT, "respondents_2099.csv", HEADER),
  );
  writeFileSync(join(dir, "respondents_2099.R"), rSyntax(LAYOUT, "respondents_2099.csv", HEADER));
  return dir;
}

describe.skipIf(noPspp)("the .sps in GNU PSPP", () => {
  it("reads the CSV and carries every label, value label and the set, escaped", () => {
    const dir = folder();
    writeFileSync(
      join(dir, "check.sps"),
      [
        "INCLUDE FILE='respondents_2099.sps'.",
        "DISPLAY DICTIONARY.",
        "MRSETS /DISPLAY NAME=[$q_multi].",
        "DESCRIPTIVES VARIABLES=q_single q_multi_1.",
        "",
      ].join("\n"),
    );
    const run = spawnSync("pspp", ["-O", "format=csv", "-o", "out.csv", "check.sps"], {
      cwd: dir,
      encoding: "utf8",
    });
    const out = readFileSync(join(dir, "out.csv"), "utf8");
    expect(`${run.stdout}${run.stderr}${out}`).not.toMatch(/error|warning/i);
    expect(run.status).toBe(0);
    // PSPP shows each label as the .sps gave it: one line, cut to SPSS's byte limits.
    for (const label of [
      NASTY.apostrophes_and_quotes!,
      NASTY.control_and_astral!,
      NASTY.stata_macros!,
    ])
      expect(out).toContain(oneLine(label).replace(/"/g, '""'));
    expect(out).toContain("Line one line two line three tabbed");
    expect(out).toContain(cutBytes(NASTY.long_multibyte!, 120));
    expect(out).toMatch(/\$q_multi/);
    // Weighted (WEIGHT BY weight): cases 1 and 2 count 0.5 + 1.25; the third, every answer
    // empty, is system-missing (not 0). Weighted mean of q_single (0.5 × 1 + 1.25 × 3) / 1.75.
    expect(out).toContain(",1.750000000000,2.43,");
  });
});

describe.skipIf(noR)("the .R in R", () => {
  it("reads the CSV with every label exactly as written, factors and 0/1 indicators", () => {
    const dir = folder();
    writeFileSync(
      join(dir, "check.R"),
      [
        'source("respondents_2099.R")',
        "d <- respondents_2099",
        "x <- c(attr(d$q_single, 'label'), levels(d$q_single), attr(d$q_multi_1, 'label'),",
        "  names(attr(d$q_multi_1, 'labels')), attr(d, 'mrsets')$q_multi$label,",
        "  as.character(d$q_single), as.character(d$q_multi_1), attr(d$weight, 'label'))",
        'writeBin(charToRaw(enc2utf8(paste(ifelse(is.na(x), "<NA>", x), collapse = "\\u001f"))), "out.bin")',
        "",
      ].join("\n"),
    );
    execFileSync("Rscript", ["check.R"], { cwd: dir, stdio: "pipe" });
    const got = readFileSync(join(dir, "out.bin"), "utf8").split("\u001f");
    expect(got).toEqual([
      NASTY.apostrophes_and_quotes,
      NASTY.line_breaks,
      NASTY.stata_compound_closer,
      NASTY.long_multibyte,
      NASTY.control_and_astral,
      "not chosen",
      NASTY.apostrophes_and_quotes,
      NASTY.stata_compound_closer,
      NASTY.line_breaks,
      NASTY.long_multibyte,
      "<NA>",
      "1",
      "0",
      "<NA>",
      NASTY.stata_macros,
    ]);
  });
});
