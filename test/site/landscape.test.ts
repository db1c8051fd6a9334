import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.ts";
import { noRealData, realDatabase } from "../support/databases.ts";
import { useSite } from "../support/site.ts";

/** The explorer's controls as URL state, and the same filter as `kube-census landscape` flags. */
const CASES: { at: string; state: Record<string, string>; flags: string[] }[] = [
  { at: "2026-08-07", state: { maturity: "graduated" }, flags: ["--maturity", "graduated"] },
  { at: "2024-12-31", state: { q: "prometheus" }, flags: ["--search", "prometheus"] },
  {
    at: "2022-12-31",
    state: { category: "Runtime", maturity: "sandbox" },
    flags: ["--category", "Runtime", "--maturity", "sandbox"],
  },
  { at: "2026-08-07", state: { q: "storage" }, flags: ["--search", "storage"] },
];

// The page filters the build's items files with src/landscape/model.ts in the browser; the CLI
// filters the database with the same functions. Both must list the same entries.
describe.skipIf(noRealData)("the landscape explorer against kube-census landscape", () => {
  const site = useSite();

  it.each(CASES)("$at $state", async ({ at, state, flags }) => {
    const { stdout } = await runCli(
      ["landscape", "--at", at, ...flags, "--format", "json"],
      realDatabase,
    );
    const cli = JSON.parse(stdout) as { name: string; maturity: string | null }[];
    expect(cli.length).toBeGreaterThan(0);
    const params = new URLSearchParams({ "landscape.at": at });
    for (const [k, v] of Object.entries(state)) params.set(`landscape.${k}`, v);
    const { page, problems, close } = await site.visit(`/landscape?${params}`);
    const summary = page.locator("#landscape-explorer p.summary");
    await expect.poll(() => summary.textContent(), { timeout: 60_000 }).toContain(at);
    expect(await summary.textContent()).toMatch(new RegExp(`^${cli.length} of \\d+ entries`));
    const rows = page.locator("#landscape-explorer .items tbody tr");
    const shown = await rows.evaluateAll((trs) =>
      trs.map((tr) => [tr.children[0]!.textContent!.trim(), tr.children[2]!.textContent!.trim()]),
    );
    // The page lists at most 200; every listed row is the CLI's, in its order, with its maturity.
    expect(shown).toEqual(cli.slice(0, 200).map((e) => [e.name.trim(), e.maturity ?? ""]));
    expect(problems).toEqual([]);
    await close();
  });
});
