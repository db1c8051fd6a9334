import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import { ITEM_KEY, itemKey } from "../../../src/ingest/landscape/item-key.ts";

// The rule in JavaScript (the momentum loader, the landscape model, the site) and in SQL (the
// queries that join snapshots) must name the same item the same way.
describe("the landscape item key", () => {
  const names = [
    "Prometheus",
    " Prometheus ",
    "Alpha   Runtime",
    "alpha runtime",
    "Control Plane (member)",
    "ControlPlane (member)",
    "Tab\tSeparated",
    "Ünïcode Näme",
  ];

  it("ignores case and runs of spaces, but not spaces altogether", () => {
    expect(itemKey(" Prometheus ")).toBe(itemKey("prometheus"));
    expect(itemKey("Alpha   Runtime")).toBe("alpha runtime");
    expect(itemKey("Control Plane (member)")).not.toBe(itemKey("ControlPlane (member)"));
  });

  it("is the same in SQL as in JavaScript", async () => {
    const instance = await DuckDBInstance.create(":memory:");
    const conn = await instance.connect();
    try {
      await conn.run("CREATE TABLE items (i INTEGER, name VARCHAR)");
      const appender = await conn.createAppender("items");
      names.forEach((name, i) => {
        appender.appendInteger(i);
        appender.appendVarchar(name);
        appender.endRow();
      });
      appender.closeSync();
      const rows = (
        await conn.runAndReadAll(`SELECT ${ITEM_KEY} AS key FROM items ORDER BY i`)
      ).getRowObjectsJS();
      expect(rows.map((r) => r.key)).toEqual(names.map(itemKey));
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  });
});
