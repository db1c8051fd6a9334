import { describe, expect, it } from "vitest";
import { csvField, terminalText, toCsv, toTable } from "../../src/render/output.ts";

describe("output of untrusted text", () => {
  it("shows control characters from data as \\xNN in a terminal table, never raw", () => {
    // An ESC sequence that would turn the terminal red and clear it, as a landscape name could hold.
    const table = toTable([{ name: "Evil\u001b[31m\u001b[2J", n: 1 }]);
    expect(table).not.toContain("\u001b");
    expect(table).toContain("Evil\\x1b[31m\\x1b[2J");
    expect(toTable([{ name: "bell\u0007 del\u007f c1\u009b" }])).toContain(
      "bell\\x07 del\\x7f c1\\x9b",
    );
  });

  it("shows a column name from the data (a PIVOT's values) the same way", () => {
    const table = toTable([{ "red\u001b[31m": 1 }]);
    expect(table).not.toContain("\u001b");
    expect(table.split("\n")[0]).toBe("red\\x1b[31m");
  });

  it("keeps newlines and tabs of a message, shows CR, ESC and bidirectional overrides", () => {
    expect(terminalText("a\tb\nc")).toBe("a\tb\nc");
    expect(terminalText("over\rwrite \u001b]0;title\u0007 \u202egnp.exe")).toBe(
      "over\\x0dwrite \\x1b]0;title\\x07 \\u202egnp.exe",
    );
  });

  it("guards spreadsheet formulas in CSV text cells, not numbers", () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvField("+1")).toBe("'+1");
    expect(csvField("-cmd")).toBe("'-cmd");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvField(-0.5)).toBe("-0.5");
    expect(csvField("<10")).toBe("<10");
    expect(toCsv([{ a: "=1+1", b: 2 }])).toBe("a,b\n'=1+1,2\n");
  });
});

describe("toTable on a long result", () => {
  it("sizes its columns over 300,000 rows (a spread into Math.max overflowed the stack)", () => {
    // `kube-census sql "SELECT * FROM range(3000000)"` failed with "Maximum call stack size
    // exceeded": the widths were Math.max(...every cell), one argument per row.
    const rows = Array.from({ length: 300_000 }, (_, i) => ({ n: i }));
    const table = toTable(rows);
    const lines = table.split("\n");
    expect(lines[0]).toBe("     n");
    expect(lines[1]).toBe("------");
    expect(lines[2]).toBe("     0");
    expect(lines.at(-2)).toBe("299999");
  });
});
