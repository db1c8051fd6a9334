/**
 * How a landscape item is recognised across snapshots and among its own duplicates: its name,
 * ignoring case and runs of spaces. Names repeat within a snapshot when one project is listed in
 * several places (Prometheus under Observability and under CNAI in 2024-12-31), and only in that
 * case; homepages differ between such entries and change between snapshots, so name + homepage
 * would split one project in two. Spaces are not removed altogether: "Control Plane (member)" and
 * "ControlPlane (member)" are two companies.
 *
 * why here: the momentum loader (ingest) keys the processed snapshots by it, and the landscape's
 * queries, diffs and the site (later in the flow) by the same rule; ingest is the first room that
 * needs it, and this file is plain TypeScript, so the browser bundle may carry it too.
 */
export const itemKey = (name: string) => name.trim().replace(/\s+/g, " ").toLowerCase();

/** itemKey in SQL over a `name` column, for the queries that join snapshots in DuckDB. */
export const ITEM_KEY = `lower(regexp_replace(trim(name), '\\s+', ' ', 'g'))`;
