// `npm run figures:write`: rewrites the generated regions (each page's figure cards, the
// overview's files, the README's figure table) from the figure registry; `--check` only says
// which files drifted and exits 1 (src/site/figure-docs.ts).
import { writeFile } from "node:fs/promises";
import { figures } from "../survey/registry.ts";
import { checkFigureDocs, generatedDocs, projectDocs } from "./figure-docs.ts";

if (process.argv.includes("--check")) {
  const problems = await checkFigureDocs(figures, projectDocs);
  for (const p of problems) process.stderr.write(`${p}\n`);
  process.exitCode = problems.length ? 1 : 0;
} else {
  for (const [file, { before, after }] of await generatedDocs(figures, projectDocs))
    if (before !== after) {
      await writeFile(file, after);
      process.stderr.write(`wrote ${file}\n`);
    }
}
