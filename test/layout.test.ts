import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../src/paths.ts";

/**
 * The rooms of src/, in the order data flows through them: a module may import from its own
 * room and the rooms before it, never from a later one (the shared helpers at the top level of
 * src/ come first). Two rooms on one rank may not import each other.
 */
const FLOW: string[][] = [
  ["(top)"],
  ["db"],
  ["sources"],
  ["ingest"],
  ["survey"],
  ["landscape"],
  ["render"],
  ["export"],
  ["cli", "site"],
];
const rank = (room: string) => FLOW.findIndex((rooms) => rooms.includes(room));

const src = join(projectRoot, "src");
const roomOf = (file: string) => {
  const [first, ...rest] = relative(src, file).split("/");
  return rest.length === 0 ? "(top)" : first!;
};

function* modules(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* modules(path);
    else if (entry.name.endsWith(".ts")) yield path;
  }
}

const IMPORT = /(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g;

describe("the layout of src/", () => {
  it("has every file in a room of the flow", () => {
    const rooms = new Set([...modules(src)].map(roomOf));
    for (const room of rooms) expect(rank(room), room).toBeGreaterThanOrEqual(0);
  });

  it("has no import pointing against the flow", () => {
    const upward: string[] = [];
    for (const file of modules(src)) {
      const from = roomOf(file);
      for (const [, spec] of readFileSync(file, "utf8").matchAll(IMPORT)) {
        const target = resolve(dirname(file), spec!);
        expect(target.startsWith(src), `${file} imports outside src/: ${spec}`).toBe(true);
        const to = roomOf(target);
        if (to !== from && rank(to) >= rank(from))
          upward.push(
            `${relative(projectRoot, file)} (${from}) → ${relative(projectRoot, target)} (${to})`,
          );
      }
    }
    expect(upward).toEqual([]);
  });
});

/**
 * The site's components (docs/components/*.js) run in the browser and in the build's prerender.
 * At run time they may import each other, the bundles of the code they share with the CLI
 * (./generated/browser.js, built from src/site/browser.ts; the explorer page's engine,
 * src/site/explorer-browser.ts) and the two npm packages they draw with. Types may come from
 * anywhere in src/ that runs in a browser (JSDoc `import("…")`, erased), never from the rooms that
 * need Node or the database.
 */
const components = join(projectRoot, "docs/components");
const RUNTIME_ALLOWED = [
  /^\.\/[A-Za-z]+\.js$/,
  /^\.\/generated\/browser\.js$/,
  /^\.\.\/\.\.\/src\/site\/explorer-browser\.ts$/,
  /^htl$/,
  /^@observablehq\/plot$/,
];
const NODE_ROOMS = ["db", "sources", "ingest"];
const RUNTIME_IMPORT = /^\s*(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']/gm;
const TYPE_IMPORT = /import\(\s*["']([^"']+)["']\s*\)/g;
const componentFiles = () =>
  readdirSync(components)
    .filter((f) => f.endsWith(".js"))
    .map((f) => join(components, f));

/** Every module a bundle entry pulls in at run time (type-only imports left out), transitively. */
function runtimeClosure(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const [statement, spec] of readFileSync(file, "utf8").matchAll(RUNTIME_IMPORT))
      if (spec!.startsWith(".") && !/^\s*(?:import|export)\s+type\b/.test(statement))
        visit(resolve(dirname(file), spec!));
  };
  visit(entry);
  return seen;
}

describe("the layout of docs/components/", () => {
  it("has every component checked by tsc (the tsconfig includes them with checkJs)", () => {
    const config = JSON.parse(readFileSync(join(projectRoot, "tsconfig.json"), "utf8"));
    expect(config.include).toContain("docs/components");
    expect(config.compilerOptions.checkJs).toBe(true);
    for (const file of componentFiles())
      expect(readFileSync(file, "utf8"), relative(projectRoot, file)).not.toMatch(/@ts-nocheck/);
  });

  it("imports at run time only components, the browser bundles, htl and Plot", () => {
    const wrong: string[] = [];
    for (const file of componentFiles())
      for (const [, spec] of readFileSync(file, "utf8").matchAll(RUNTIME_IMPORT))
        if (!RUNTIME_ALLOWED.some((allowed) => allowed.test(spec!)))
          wrong.push(`${relative(projectRoot, file)} → ${spec}`);
    expect(wrong).toEqual([]);
  });

  it("names types only from the browser-safe rooms of src/", () => {
    const wrong: string[] = [];
    for (const file of componentFiles())
      for (const [, spec] of readFileSync(file, "utf8").matchAll(TYPE_IMPORT)) {
        const target = resolve(dirname(file), spec!);
        if (!spec!.startsWith(".")) continue;
        if (!target.startsWith(src) && !target.startsWith(components))
          wrong.push(`${relative(projectRoot, file)} → ${spec} (outside src/ and the components)`);
        else if (target.startsWith(src) && NODE_ROOMS.includes(roomOf(target)))
          wrong.push(`${relative(projectRoot, file)} → ${spec} (${roomOf(target)} needs Node)`);
      }
    expect(wrong).toEqual([]);
  });

  // A room is not all Node: the explorer counts with the ingest's own pattern of non-answers
  // (src/ingest/codebook/substantive.ts, plain TypeScript). What a browser cannot run is a Node
  // module, DuckDB, or src/db (which opens it).
  it("bundles for the browser no Node module, no DuckDB and nothing of src/db", () => {
    const wrong: string[] = [];
    for (const entry of ["src/site/browser.ts", "src/site/explorer-browser.ts"])
      for (const file of runtimeClosure(join(projectRoot, entry))) {
        const text = readFileSync(file, "utf8");
        if (file.startsWith(src) && roomOf(file) === "db")
          wrong.push(`${entry} → ${relative(projectRoot, file)}`);
        for (const [statement, spec] of text.matchAll(RUNTIME_IMPORT))
          if (
            /^(?:node:|@duckdb\/)/.test(spec!) &&
            !/^\s*(?:import|export)\s+type\b/.test(statement)
          )
            wrong.push(`${entry} → ${relative(projectRoot, file)} imports ${spec}`);
      }
    expect(wrong).toEqual([]);
  });
});
