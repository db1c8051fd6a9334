import { openDatabase } from "./src/db/open.ts"; import { figures } from "./src/analysis/registry.ts"; import { computeFigure } from "./src/analysis/compute.ts";
const db = await openDatabase();
for (const f of figures) { const r = await computeFigure(db.conn, f);
  const cats = [...new Set(r.rows.map(x=>x.category))].sort((a,b)=>b.length-a.length);
  console.log(f.id, cats.length, cats.slice(0,3).map(c=>`${c.length}:${c}`).join(" | "));
}
db.close();
