import { quotedString } from "@duckdb/node-api";

/** A DuckDB list literal of constant labels from a figure definition (never a user's input). */
export const sqlList = (values: string[]): string => `[${values.map(quotedString).join(", ")}]`;
