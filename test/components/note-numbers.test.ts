import { describe, expect, it } from "vitest";
import { numberNotes } from "../../docs/components/noteNumbers.js";
import type { Note } from "../../src/survey/breaks.ts";

// One card's notes: the bars' and the trend's rows share one numbering, each note once.
const routing: Note = {
  kind: "routing",
  text: "Routing changed: 1H 2020 asked this only of some.",
};
const panelAll: Note = {
  kind: "panel",
  text: "54% of this year's screened sample came from a paid panel.",
};
const panelCommunity: Note = { kind: "panel", text: "Community respondents only." };
const options: Note = { kind: "options", text: "2022 offered new answers." };

const row = (year: number, sample: string, notes: Note[]) => ({ year, sample, notes });

describe("numberNotes", () => {
  const bars = [
    row(2019, "all", []),
    row(2020, "all", [routing]),
    row(2022, "all", [options, panelAll]),
  ];
  const trend = [row(2020, "all", [routing]), row(2022, "community", [options, panelCommunity])];
  const numbered = numberNotes({ bars, trend });

  it("lists a note drawn by both views once, with both views", () => {
    expect(numbered.notes.map((n: { text: string }) => n.text)).toEqual([
      panelAll.text,
      panelCommunity.text,
      routing.text,
      options.text,
    ]);
    const routingNote = numbered.notes.find((n: { kind: string }) => n.kind === "routing");
    expect([...routingNote!.views]).toEqual(["bars", "trend"]);
    expect([...routingNote!.years]).toEqual([2020]);
  });

  it("puts the panel notes first, the lead being the bars' (the first in year order)", () => {
    expect(numbered.lead!.text).toBe(panelAll.text);
    expect(numbered.notes.map((n: { number: number }) => n.number)).toEqual([1, 2, 3, 4]);
    expect(numbered.numbersOf(bars[2]!)).toEqual([1, 4]);
    expect(numbered.has(bars[2]!, numbered.lead)).toBe(true);
    expect(numbered.has(trend[1]!, numbered.lead)).toBe(false);
  });

  it("has no lead when no note is a panel's", () => {
    const plain = numberNotes([row(2020, "all", [routing])]);
    expect(plain.lead).toBeUndefined();
    expect(plain.notes[0]!.number).toBe(1);
  });
});
