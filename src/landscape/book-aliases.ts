import { join } from "node:path";
import { z } from "zod";
import { readYamlFile } from "../ingest/read-yaml.ts";
import { dataDir } from "../paths.ts";

const text = z.string().trim().min(1);

/** Why a book name has no landscape item: the reasons a reviewer may give. */
export const unmatchedKinds = [
  "vendor-only", // the book names a company, not a product
  "edition", // a vendor edition or support offering of a listed project
  "part-of", // a part or feature of a listed product, or a family whose members are listed
  "not-listed", // no item for it in any snapshot
  "different-project", // an item of the same name is another project
] as const;

const Alias = z.strictObject({
  book: text,
  /** One landscape name, or several when the book's cell names several products. */
  landscape: z.union([text, z.array(text).min(1)]).transform((v) => (Array.isArray(v) ? v : [v])),
  why: text,
});

const Rename = z.strictObject({ from: text, to: text, why: text });

const Unmatched = z.strictObject({
  book: text,
  kind: z.enum(unmatchedKinds),
  reason: text,
  /** A landscape item the reason refers to (the listed project of an edition, …). */
  related: text.optional(),
});

export const BookAliasesFile = z.strictObject({
  aliases: z.array(Alias),
  renames: z.array(Rename),
  unmatched: z.array(Unmatched),
});
export type BookAliases = z.infer<typeof BookAliasesFile>;

export const defaultAliasesFile = join(dataDir, "tns-2020", "aliases.yml");

/** Reads and validates data/tns-2020/aliases.yml; every problem is reported at once. */
export async function readBookAliases(file = defaultAliasesFile): Promise<BookAliases> {
  return readYamlFile(file, BookAliasesFile);
}
