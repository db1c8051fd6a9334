import { countOfN, interval, pct } from "../../render/format.ts";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { roundedAsPrinted } from "../../survey/judge.ts";
import { scorecard } from "../../survey/scorecard.ts";
import { openDatabase } from "../../db/open.ts";
import { dataDir } from "../../paths.ts";
import { render, type OutputFormat } from "../../render/output.ts";

/** Claims recorded as reproducing; verify fails if one of them stops reproducing. */
export const reproducedPath = join(dataDir, "published", "reproduced.json");

// A computed claim: a count as is, a share as a percentage, a mean or ratio with two decimals.
const show = (x: number | null) =>
  x === null ? "" : Number.isInteger(x) ? String(x) : x < 1 ? pct(x) : x.toFixed(2);

// A computed share with two decimals more than the printed one (166 / 1149 → "14.447%" beside
// 14.4%), as the scorecard page shows it, and beside it the value rounded as the book rounds —
// what the status compares — so "reproduced" or "close" can be read off the row.
const shareDigits = (printed: number, extra: number) =>
  Math.max(0, (String(printed).split(".")[1] ?? "").length - 2) + extra;

export async function run(format: OutputFormat): Promise<void> {
  const db = await openDatabase();
  let scored;
  try {
    scored = await scorecard(db.conn);
  } finally {
    db.close();
  }
  const recorded: string[] = JSON.parse(await readFile(reproducedPath, "utf8")).reproduced;
  const regressions = recorded.filter(
    (id) => scored.find((c) => c.id === id)?.status !== "reproduced",
  );
  if (format === "table") {
    const rows = scored.map((c) => ({
      claim: c.id,
      year: c.year,
      printed: c.printed,
      computed:
        c.measure === "share" && c.computed !== null
          ? pct(c.computed, shareDigits(c.value, 2))
          : c.measure === "share" || c.measure === "ratio" || c.measure === "mean"
            ? show(c.computed)
            : c.computed === null
              ? ""
              : String(c.computed),
      rounded:
        c.measure === "share" && c.computed !== null
          ? pct(roundedAsPrinted(c.value, c.computed), shareDigits(c.value, 0))
          : "",
      // A share's evidence, as the scorecard page shows it ("–" for other measures).
      "count / n": countOfN(c),
      "95% interval": interval(c),
      status: c.status,
      definition: c.definition,
      alternatives: c.alternatives.map((a) => `${a.definition}: ${show(a.value)}`).join("; "),
    }));
    process.stdout.write(render(rows, "table"));
    const counts = new Map<string, number>();
    for (const c of scored) counts.set(c.status, (counts.get(c.status) ?? 0) + 1);
    process.stdout.write(
      `\n${[...counts].map(([s, n]) => `${n} ${s}`).join(", ")} of ${scored.length} printed claims.\n`,
    );
  } else process.stdout.write(render(scored as unknown as Record<string, unknown>[], format));
  if (regressions.length) {
    process.stderr.write(
      `kube-census verify: recorded as reproduced but no longer: ${regressions.join(", ")}\n`,
    );
    process.exitCode = 1;
  }
}
