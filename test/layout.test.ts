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
