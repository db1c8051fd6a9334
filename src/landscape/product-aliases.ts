import { join } from "node:path";
import { z } from "zod";
import { readYamlFile } from "../ingest/read-yaml.ts";
import { dataDir } from "../paths.ts";

const text = z.string().trim().min(1);
/** The survey lists joined to landscape items by name (multi-select: chose it = production). */
export const LIST_QUESTIONS = ["ingress", "cicd"] as const;
const question = z.enum(LIST_QUESTIONS);

export const ProductAliasesFile = z.strictObject({
  aliases: z.array(
    z.strictObject({ question, option: text, landscape: z.array(text).min(1), why: text }),
  ),
  unmatched: z.array(z.strictObject({ question, option: text, why: text })),
});
export type ProductAliases = z.infer<typeof ProductAliasesFile>;

export const defaultProductAliasesFile = join(dataDir, "momentum", "product-aliases.yml");

/** Reads and validates data/momentum/product-aliases.yml; every problem is reported at once. */
export async function readProductAliases(
  file = defaultProductAliasesFile,
): Promise<ProductAliases> {
  return readYamlFile(file, ProductAliasesFile);
}
