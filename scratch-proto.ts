const t0 = performance.now();
const vl = await import("vega-lite"); const vega = await import("vega");
console.log("import ms", performance.now()-t0);
const spec: any = {
  $schema: "https://vega.github.io/schema/vega-lite/v6.json",
  data: {values: [
    {category: "Difficulty in choosing an orchestration solution", segment: "a", share: 0.3, lo: 0.25, hi: 0.35},
    {category: "Difficulty in choosing an orchestration solution", segment: "b", share: 0.2, lo: 0.15, hi: 0.25},
    {category: "Inspur Cloud Container Engine and Inspur Open Platform", segment: "a", share: 0.1, lo: 0.05, hi: 0.15},
  ]},
  width: 200,
  encoding: {y: {field: "category", type: "nominal", axis: {labelLimit: 250, labelExpr: "split(replace(trim(datum.label), regexp('(.{1,28})(\\\\s+|$)', 'g'), '$1\\n'), '\\n')"}}, yOffset: {field: "segment"}},
  layer: [
    {mark: "bar", encoding: {x: {field: "share", type: "quantitative"}, color: {field: "segment"}}},
    {mark: "rule", encoding: {x: {field: "lo", type: "quantitative"}, x2: {field: "hi"}}},
  ],
};
const view = new vega.View(vega.parse(vl.compile(spec).spec), {renderer: "none"});
const svg = await view.toSVG();
console.log(svg.match(/<text[^>]*>.*?<\/text>/g)?.slice(0,6).join("\n"));
import { writeFileSync } from "node:fs"; writeFileSync("/tmp/proto.svg", svg);
