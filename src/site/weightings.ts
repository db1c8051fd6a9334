/**
 * The weightings the explorer and the Distributions page offer, as data (data/site/weightings.yml,
 * zod-validated), and
 * their per-respondent weights computed at build with the CLI's own engine (weightSample), so
 * the page shows the numbers `kube-census weights` prints without raking anything itself.
 */
import { join } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { z } from "zod";
import { CensusError } from "../errors.ts";
import { readYamlFile } from "../ingest/read-yaml.ts";
import { dataDir } from "../paths.ts";
import { weightSample } from "../survey/weights-targets.ts";
import type { ExplorerWeighting, ExplorerWeightPart, WeightingPart } from "./explorer-format.ts";
import { weightCodes } from "./explorer-weights.ts";

export const weightingsFile = () => join(dataDir, "site", "weightings.yml");

const year = z.number().int().min(2000).max(2100);
const schema = z
  .object({
    weightings: z.array(
      z
        .object({
          id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "lower-case letters, digits and -"),
          label: z.string().min(1),
          description: z.string().min(1),
          year,
          target: year,
          by: z.array(z.string().regex(/^[a-z][a-z0-9_]*$/)).min(1),
        })
        .strict(),
    ),
    // why optional: a weightings file written before the Distributions page could weight
    distributions: z
      .array(
        z
          .object({
            id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "lower-case letters, digits and -"),
            label: z.string().min(1),
            description: z.string().min(1),
            target: year,
            by: z.array(z.string().regex(/^[a-z][a-z0-9_]*$/)).min(1),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

export type WeightingDefinition = z.infer<typeof schema>["weightings"][number];
/** A weighting of the Distributions page: every year on it raked to one year's mix over `by`. */
export type YearsWeightingDefinition = z.infer<typeof schema>["distributions"][number];

/** Refuses a list whose ids repeat, naming the file, the list and the entry. */
function uniqueIds(file: string, list: string, entries: { id: string }[]): void {
  const seen = new Set<string>();
  for (const [i, w] of entries.entries()) {
    if (seen.has(w.id))
      throw new CensusError(`${file}: ${list}[${i}] repeats the id "${w.id}": give each its own.`);
    seen.add(w.id);
  }
}

/** The definitions, checked: ids unique, a year not weighted to itself. */
export async function readWeightings(file = weightingsFile()): Promise<WeightingDefinition[]> {
  const { weightings } = await readYamlFile(file, schema);
  uniqueIds(file, "weightings", weightings);
  for (const [i, w] of weightings.entries())
    if (w.year === w.target)
      throw new CensusError(
        `${file}: weightings[${i}] ("${w.id}") weights ${w.year} to its own mix: name another target year.`,
      );
  return weightings;
}

/** The Distributions page's weightings, checked: ids unique. */
export async function readYearsWeightings(
  file = weightingsFile(),
): Promise<YearsWeightingDefinition[]> {
  const { distributions } = await readYamlFile(file, schema);
  uniqueIds(file, "distributions", distributions);
  return distributions;
}

const PARTS: WeightingPart[] = ["all", "community", "panel"];

/**
 * Every weighting's weights: for each part of the year's sample (the whole, community, panel),
 * raked on its own to the target year's whole sample, as `kube-census weights --year <year>
 * --weight <target> --weight-by <by> --sample <part>`. `idOf` gives the explorer's respondent
 * number of a (year, respondent id), `first` the year's first number and `count` how many.
 */
export async function weightingsData(
  conn: DuckDBConnection,
  definitions: WeightingDefinition[],
  respondents: (year: number) => { first: number; ids: number[] },
): Promise<ExplorerWeighting[]> {
  const out: ExplorerWeighting[] = [];
  for (const d of definitions) {
    const { first, ids } = respondents(d.year);
    // why: the site builds from any database (a test's, a year added as data); a weighting
    // whose year or target year it lacks cannot be offered, and the build says so
    const missing = [d.year, d.target].filter((y) => !respondents(y).ids.length);
    if (missing.length) {
      process.stderr.write(
        `${weightingsFile()}: "${d.id}" left out of the explorer: this database has no respondents in ${missing.join(" and ")}.\n`,
      );
      continue;
    }
    const parts = {} as Record<WeightingPart, ExplorerWeightPart>;
    for (const sample of PARTS) {
      const w = await weightSample(conn, {
        year: d.year,
        sample,
        by: d.by,
        target: { year: d.target, sample: "all" },
      });
      const { weights: _, tolerance: __, maxIterations: ___, ...result } = w.result;
      parts[sample] = { ...weightCodes(ids, w.weights), ...result, margins: w.margins };
    }
    out.push({ ...d, first, parts });
  }
  return out;
}
