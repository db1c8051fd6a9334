import { splitHeaders } from "../../src/ingest/survey/repair-unquoted-commas.ts";
import { beforeAll, describe, expect, it } from "vitest";
import { loadCodebook, type Question } from "../../src/ingest/codebook/codebook.ts";
import { loadSurvey } from "../../src/ingest/survey/survey.ts";
import { fixture, fixtureBytes, fixtureSource } from "../support/fixtures.ts";

let questions: Question[];
beforeAll(async () => {
  questions = await loadCodebook(fixture("codebook"));
});

/** Each fixture asks a few questions; the codebook entries for the others would not fit it. */
const ASKED: Record<string, string[]> = {
  "split-cell-2018.csv": ["external_services", "packaging"],
  "typed-comma-2018.csv": ["external_services", "packaging"],
  "macroman-2020.csv": ["region", "release_cycle"],
  "mangled-buckets-2020.csv": ["org_size", "k8s_clusters"],
  "nbsp-matrix-2018.csv": ["region", "cncf_projects"],
  "shifted-row-2018.csv": ["challenges"],
};

const load = (
  file: string,
  year: number,
  like: "survey-2018" | "survey-2019" | "survey-2020",
  piece?: number,
) =>
  loadSurvey(
    fixtureBytes(`surveys/${file}`),
    fixtureSource(file, year, like),
    questions.filter((q) => (ASKED[file] ?? ["region"]).includes(q.id)),
    { piece },
  );

const picked = (s: ReturnType<typeof load>, question: string) =>
  s.answers.filter((a) => a.question === question).map((a) => [a.respondent, a.option, a.value]);

describe("survey loader quirks", () => {
  it("rejoins 2018's split option cell and realigns the rows that did not select it", () => {
    const s = load("split-cell-2018.csv", 2018, "survey-2018");
    expect(s.repairedRows).toBe(1);
    expect(s.columns.map((c) => c.option).slice(0, 4)).toEqual([
      "Integration with 3rd-party Load-Balancer (e.g., hardware load-balancer)",
      "L7 Ingress",
      "Node-Ports Services",
      "Other (please specify)",
    ]);
    expect(picked(s, "external_services")).toEqual([
      [1, "Integration with 3rd-party Load-Balancer (e.g., hardware load-balancer)", null],
      [1, "L7 Ingress", null],
      [2, "L7 Ingress", null],
      [3, "Node-Ports Services", null],
    ]);
    expect(picked(s, "packaging")).toEqual([
      [1, "Helm", null],
      [2, "Ksonnet", null],
      [3, "Other (please specify)", null],
    ]);
    expect(s.freeText).toEqual([
      { respondent: 3, question: "packaging", position: 5, text: "my own scripts" },
    ]);
    expect(s.issues).toEqual([]);
  });

  it("joins a typed answer split at its comma back together, so the rest of its row realigns", () => {
    const s = load("typed-comma-2018.csv", 2018, "survey-2018");
    expect(s.repairedRows).toBe(2);
    expect(picked(s, "packaging")).toEqual([
      [1, "Helm", null],
      [2, "Other (please specify)", null],
      [3, "Ksonnet", null],
    ]);
    expect(picked(s, "external_services")).toEqual([
      [1, "L7 Ingress", null],
      [1, "Other (please specify)", null],
      [2, "Integration with 3rd-party Load-Balancer (e.g., hardware load-balancer)", null],
      [3, "Node-Ports Services", null],
    ]);
    expect(s.freeText.map((f) => [f.respondent, f.text])).toEqual([
      [1, "we use MetalLB, mostly"],
      [2, "scripts (bash,)"],
    ]);
    expect(s.issues).toEqual([]);
  });

  it("reads 1H 2020 as Mac Roman", () => {
    const s = load("macroman-2020.csv", 2020, "survey-2020");
    expect(s.columns[2]!.question).toBe("How often are your release cycles?");
    expect(picked(s, "release_cycle")).toEqual([
      [1, "Weekly", null],
      [2, "Don't know", null],
    ]);
    expect(picked(s, "region")).toEqual([
      [1, "Europe", null],
      [2, "Other (please specify)", null],
    ]);
    expect(s.freeText.map((f) => f.text)).toEqual(["Mars"]);
  });

  it("maps spreadsheet-mangled buckets back to their labels", () => {
    const s = load("mangled-buckets-2020.csv", 2020, "survey-2020");
    expect(picked(s, "org_size")).toEqual([
      [1, "10-49", null],
      [2, "<10", null],
      [3, ">5000", null],
    ]);
    expect(picked(s, "k8s_clusters")).toEqual([
      [1, "2-5", null],
      [2, "11-20", null],
      [3, "6-10", null],
    ]);
  });

  it("records garbage in a one-column-per-option cell as an issue, not as that column's option", () => {
    const s = load("garbage-cell-2020.csv", 2020, "survey-2020");
    expect(picked(s, "region")).toEqual([
      [1, "Europe", null],
      [2, "North America", null],
      [4, "South and Central America", null],
    ]);
    expect(s.issues.map((i) => [i.row, i.column, i.reason])).toEqual([
      ["5", "3: Asia", expect.stringMatching(/is not the option of its column "Asia" \(region\)$/)],
    ]);
    expect(s.mappedCells).toBe(4);
  });

  it("normalises spaces and 2018's question-mark levels, and records what it cannot place", () => {
    const s = load("nbsp-matrix-2018.csv", 2018, "survey-2018");
    expect(picked(s, "region")).toEqual([
      [1, "North America", null],
      [2, "Europe", null],
      [3, "Asia", null],
    ]);
    expect(picked(s, "cncf_projects")).toEqual([
      [1, "Kubernetes", "Using in production"],
      [1, "Prometheus", "Evaluating"],
      [2, "Kubernetes", "Evaluating"],
      [2, "Other (please specify)", null],
      [3, "Prometheus", "Using in production"],
    ]);
    expect(s.issues).toHaveLength(1);
    expect(s.issues[0]).toMatchObject({
      file: "nbsp-matrix-2018.csv",
      row: "5",
      column: "2: Kubernetes",
      value: "Technology",
    });
    expect(s.issues[0]!.reason).toMatch(/not a level of cncf_projects/);
    expect(s.freeText.map((f) => f.text)).toEqual(["something else"]);
  });

  it("never reads a listed option's text outside its own column as that option", () => {
    // Row 2 sits one column right: "Complexity" under Security is an issue, not a Complexity
    // answer; "Storage" typed into the Other box stays Other, with its text kept.
    const s = load("shifted-row-2018.csv", 2018, "survey-2018");
    expect(picked(s, "challenges")).toEqual([
      [1, "Complexity", null],
      [1, "Storage", null],
      [2, "Other (please specify)", null],
      [3, "Other (please specify)", null],
    ]);
    expect(s.freeText.map((f) => f.text)).toEqual(["Storage", "Debugging"]);
    expect(s.issues.map((i) => [i.row, i.column, i.reason])).toEqual([
      ["4", "2: Security", '"Complexity" is not the option of its column "Security" (challenges)'],
    ]);
  });

  it("lists what each question offered from the export's columns and the codebook, not from the answers", () => {
    const s = load("split-cell-2018.csv", 2018, "survey-2018");
    const offered = (q: string) =>
      s.offered.filter((o) => o.question === q).map((o) => [o.option, o.origin]);
    // Nobody chose "Other" for the packaging question's one column, and it is still offered.
    expect(offered("packaging")).toEqual([
      ["Helm", "codebook"],
      ["Ksonnet", "codebook"],
      ["Other (please specify)", "codebook"],
    ]);
    expect(offered("external_services").map(([o]) => o)).toContain("Other (please specify)");
  });

  it("keeps every non-empty cell in long form", () => {
    const s = load("nbsp-matrix-2018.csv", 2018, "survey-2018");
    expect(s.cells).toHaveLength(9);
    expect(s.respondents).toBe(3);
  });
});

describe("survey loader reading an export in pieces, as the ingest streams it from disk", () => {
  // Pieces of 1 to 1000 bytes put every boundary (a header row, a quoted comma, a CRLF, a Mac
  // Roman or UTF-8 character, a row the repair joins) somewhere inside a piece or between two.
  const SIZES = [1, 2, 3, 5, 7, 13, 64, 100, 1000];
  it.each([
    ["split-cell-2018.csv", 2018, "survey-2018"],
    ["typed-comma-2018.csv", 2018, "survey-2018"],
    ["macroman-2020.csv", 2020, "survey-2020"],
    ["nbsp-matrix-2018.csv", 2018, "survey-2018"],
    ["garbage-cell-2020.csv", 2020, "survey-2020"],
  ] as const)(
    "%s gives the same cells, answers, free text, issues and repairs",
    (file, year, like) => {
      const whole = load(file, year, like);
      expect(whole.cells.length).toBeGreaterThan(0);
      for (const piece of SIZES) expect(load(file, year, like, piece)).toEqual(whole);
    },
  );

  it.each([
    "truncated.csv",
    "empty.csv",
    "missing-question-row.csv",
    "missing-option-row.csv",
    "missing-option-row-marker.csv",
    "bad-utf8.csv",
  ])("%s stops with the same message", (file) => {
    const message = (piece?: number) => {
      try {
        load(file, 2018, "survey-2018", piece);
      } catch (e) {
        return (e as Error).message;
      }
      return "no error";
    };
    const whole = message();
    expect(whole).not.toBe("no error");
    for (const piece of SIZES) expect(message(piece)).toBe(whole);
  });
});

describe("survey loader on bad input", () => {
  it.each([
    [
      "truncated.csv",
      /truncated\.csv: not a well-formed CSV export near line \d+.*kube-census fetch/s,
    ],
    ["empty.csv", /empty\.csv: the file is empty/],
    [
      "missing-question-row.csv",
      /missing-question-row\.csv, row 1: expected the question header row/,
    ],
    ["missing-option-row.csv", /missing-option-row\.csv, row 2: expected the option header row/],
    [
      "missing-option-row-marker.csv",
      /missing-option-row-marker\.csv, row 2: expected the option header row .*found \["Europe","Other \(please specify\)","Retail"\], with nothing under column 4's question "What is your job function\? Please select all that apply\."/,
    ],
    ["bad-utf8.csv", /bad-utf8\.csv: byte 0xe9 at offset \d+ \(line 4\) is not valid UTF-8/],
  ])("%s stops with a message naming the file and what to do", (file, message) => {
    expect(() => load(file, 2018, "survey-2018")).toThrow(message);
  });

  it("a codebook naming a question the export does not ask names the codebook file and the nearest questions", () => {
    const wrong = questions
      .filter((q) => ASKED["nbsp-matrix-2018.csv"]!.includes(q.id))
      .map((q) =>
        q.id === "region"
          ? { ...q, years: { 2018: { question: "What is your geographic locaton?" } } }
          : q,
      );
    const source = fixtureSource("nbsp-matrix-2018.csv", 2018, "survey-2018");
    expect(() => loadSurvey(fixtureBytes("surveys/nbsp-matrix-2018.csv"), source, wrong)).toThrow(
      /region\.yml, years\.2018: no column of nbsp-matrix-2018\.csv asks "What is your geographic locaton\?"\. Nearest questions: "What is your geographic location\?"/,
    );
  });
});

describe("unquoted-comma repair, found by structure", () => {
  it("finds a header cell that opens a parenthesis the next one closes, whatever its words", () => {
    expect(splitHeaders(["Response", "Cloud (e.g.", " AWS)", "Other (please specify)"])).toEqual([
      ["Cloud (e.g.", " AWS)"],
    ]);
    expect(
      splitHeaders([
        "Integration with 3rd-party Load-Balancer (e.g.",
        " hardware load-balancer)",
        "L7 Ingress",
      ]),
    ).toEqual([["Integration with 3rd-party Load-Balancer (e.g.", " hardware load-balancer)"]]);
  });

  it("leaves balanced headers and a lone parenthesis alone", () => {
    expect(splitHeaders(["Other (please specify)", "Open-Ended Response", "(", "Helm"])).toEqual(
      [],
    );
    expect(splitHeaders(["a (b", "c", "d)"])).toEqual([]);
  });
});
