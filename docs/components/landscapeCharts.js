import * as Plot from "@observablehq/plot";

/** Items per category in every snapshot; the selected category drawn bold. */
export function categoryCountsChart(counts, { width, selected }) {
  return Plot.plot({
    width,
    height: 320,
    marginRight: 180,
    x: { type: "utc", label: null },
    y: { label: "↑ items", grid: true },
    ariaDescription: "Items per landscape category in each snapshot",
    marks: [
      Plot.lineY(counts, {
        x: (d) => new Date(d.snapshot),
        y: "items",
        z: "category",
        stroke: "category",
        strokeWidth: (d) => (d.category === selected ? 3 : 1.2),
        strokeOpacity: (d) => (!selected || d.category === selected ? 1 : 0.35),
      }),
      Plot.dot(counts, { x: (d) => new Date(d.snapshot), y: "items", fill: "category", r: 2 }),
      Plot.text(
        counts,
        Plot.selectLast({
          x: (d) => new Date(d.snapshot),
          y: "items",
          z: "category",
          text: "category",
          dx: 6,
          textAnchor: "start",
          fontSize: 10,
          fill: "currentColor",
        }),
      ),
      Plot.tip(
        counts,
        Plot.pointer({
          x: (d) => new Date(d.snapshot),
          y: "items",
          title: (d) => `${d.category}\n${d.snapshot}: ${d.items} items`,
        }),
      ),
    ],
  });
}

const STAGES = ["sandbox", "incubating", "graduated", "archived"];

/** Each CNCF project's path: sandbox from acceptance, then incubating, graduated, archived. */
export function maturityTimeline(projects, { width, today }) {
  const segments = projects.flatMap((p) => {
    const marks = [
      ["sandbox", p.accepted],
      ["incubating", p.incubating],
      ["graduated", p.graduated],
      ["archived", p.archived],
    ].filter(([, d]) => d);
    // A project accepted straight into incubation has the same date for both.
    return marks
      .map(([stage, from], i) => ({
        name: p.name,
        stage,
        from: new Date(from),
        to: new Date(marks[i + 1]?.[1] ?? today),
      }))
      .filter((s) => s.to > s.from || s.stage === "archived");
  });
  return Plot.plot({
    width,
    height: 30 + projects.length * 14,
    marginLeft: 170,
    x: { type: "utc", label: null, grid: true },
    y: { label: null, domain: projects.map((p) => p.name) },
    color: { domain: STAGES, legend: true },
    ariaDescription: `Maturity path of ${projects.length} CNCF projects`,
    marks: [
      Plot.barX(segments, {
        x1: "from",
        x2: "to",
        y: "name",
        fill: "stage",
        insetTop: 2,
        insetBottom: 2,
      }),
      Plot.tip(
        segments,
        Plot.pointer({
          x1: "from",
          x2: "to",
          y: "name",
          title: (d) => `${d.name}: ${d.stage} from ${d.from.toISOString().slice(0, 10)}`,
        }),
      ),
    ],
  });
}
