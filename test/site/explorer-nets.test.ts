import { describe, expect, it } from "vitest";
import type { ExplorerQuestion } from "../../src/site/explorer-format.ts";
import {
  ExplorerNetError,
  explorerNets,
  parseExplorerNet,
  withNetRows,
} from "../../src/site/explorer-nets.ts";

/** A question with only what the nets read. */
const q = (id: string, more: Partial<ExplorerQuestion>): ExplorerQuestion => ({
  id,
  label: id,
  type: "single",
  asked: [2019, 2022],
  options: [],
  other_options: [],
  levels: [],
  other_levels: [],
  offered: {},
  levels_by_year: {},
  positions: {},
  overlaps: {},
  groups: [],
  offset: 0,
  bytes: 0,
  ...more,
});

const clusters = q("clusters", {
  options: ["1", "2-5", "6-10", "11+"],
  // 2019 offered "11+"; 2022 did not (codes index the options)
  offered: { 2019: [0, 1, 2, 3], 2022: [0, 1, 2] },
  nets: [{ name: ">5", members: ["6-10", "11+"] }],
});
const size = q("size", {
  options: ["<100", "Yes, in production", "1000+"],
  nets: [{ name: "big", members: ["1000+"] }],
});
const tools = q("tools", {
  type: "matrix",
  options: ["Helm", "Ceph"],
  levels: ["Using", "Evaluating", "Not using"],
  nets: [{ name: "using or evaluating", members: ["Using", "Evaluating"] }],
});
const questions = new Map([clusters, size, tools].map((x) => [x.id, x]));

describe("nets as the explorer resolves them (crosstab --net / --nets)", () => {
  it("takes a standard net by name, case-insensitively, and defines one from labels", () => {
    expect(parseExplorerNet(">5", questions, clusters)).toEqual({
      question: "clusters",
      name: ">5",
      over: "options",
      members: ["6-10", "11+"],
      source: "codebook",
    });
    expect(parseExplorerNet("size:BIG", questions, clusters).name).toBe("big");
    // a label holding a comma is one member (the longest label the pieces spell)
    expect(
      parseExplorerNet("size:mine=yes, in production,1000+", questions, clusters).members,
    ).toEqual(["Yes, in production", "1000+"]);
    // "|" separates members; a matrix's members are its levels (a box)
    expect(parseExplorerNet("top=using|evaluating", questions, tools)).toMatchObject({
      over: "levels",
      members: ["Using", "Evaluating"],
      source: "user",
    });
  });

  it("refuses what crosstab --net refuses, saying why", () => {
    const refused = (text: string) => () => parseExplorerNet(text, questions, clusters);
    expect(refused("huge")).toThrow(/no standard net "huge" \(its standard nets: >5\)/);
    expect(refused("x=1|12")).toThrow(/unknown option of clusters in the net "x": 12/);
    expect(refused("2-5=1|2-5")).toThrow(/already one of clusters's options/);
    expect(refused(">5=1|2-5")).toThrow(/a standard net of clusters/);
    expect(refused("x=1|1")).toThrow(/listed twice/);
    expect(refused("=1")).toThrow(/needs a name/);
    expect(refused("nope:x=1")).toThrow(ExplorerNetError);
  });

  it("orders the standard nets first (row, banner), fills each year's offered members", () => {
    const nets = explorerNets(["few=1|2-5"], true, questions, clusters, size, [2019, 2022]);
    expect(nets.map((n) => [n.question, n.name])).toEqual([
      ["clusters", ">5"],
      ["size", "big"],
      ["clusters", "few"],
    ]);
    expect(nets[0]!.offered).toEqual({ 2019: ["6-10", "11+"], 2022: ["6-10"] });
    expect(() => explorerNets(["tools:top=Using"], false, questions, clusters, size, [])).toThrow(
      /neither the question nor the banner/,
    );
    expect(() => explorerNets([">5"], true, questions, clusters, "year", [])).toThrow(
      /already has a net ">5"/,
    );
  });

  it("adds a net's rows: once per respondent (an options net), once per matrix row (a box)", () => {
    // respondent 7 chose both members of ">5" (a multi-select), respondent 8 one, 9 none
    const rows = {
      r: Int32Array.from([7, 7, 8, 9]),
      o: Int32Array.from([2, 3, 2, 0]),
      l: Int32Array.from([-1, -1, -1, -1]),
    };
    const net = explorerNets([], true, questions, clusters, "year", [2019]);
    const out = withNetRows(rows, net, { options: [...clusters.options, "Other"], levels: [] });
    // the net's code comes after every option the file codes, "Other" included
    expect([...out.r]).toEqual([7, 7, 8, 9, 7, 8]);
    expect([...out.o]).toEqual([2, 3, 2, 0, 5, 5]);
    const ratings = {
      r: Int32Array.from([1, 1, 2]),
      o: Int32Array.from([0, 1, 0]),
      l: Int32Array.from([0, 1, 2]),
    };
    const box = explorerNets([], true, questions, tools, "year", [2019]);
    const boxed = withNetRows(ratings, box, { options: tools.options, levels: tools.levels });
    // respondent 1 gets the box on both rows (Helm: Using, Ceph: Evaluating); 2 ("Not using") none
    expect([...boxed.r.slice(3)]).toEqual([1, 1]);
    expect([...boxed.o.slice(3)]).toEqual([0, 1]);
    expect([...boxed.l.slice(3)]).toEqual([3, 3]);
  });
});
