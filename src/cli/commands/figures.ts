import { figures } from "../../survey/registry.ts";
import { render, type OutputFormat } from "../../render/output.ts";

/** Lists the figures with a one-line description. */
export async function run(format: OutputFormat): Promise<void> {
  process.stdout.write(
    render(
      figures.map((f) => ({ id: f.id, book: f.book, description: f.description })),
      format,
    ),
  );
}
