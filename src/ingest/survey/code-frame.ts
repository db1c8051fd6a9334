import { z } from "zod";
import { readYamlFile } from "../read-yaml.ts";

const Codes = z.record(z.string().regex(/^\d+$/), z.string().min(1));

/** One question of a coded export's reference model, transcribed as printed (e.g. data/codebook/frames/srm-2022.yml). */
const FrameQuestion = z.strictObject({
  q: z.number().int().positive(),
  text: z.string().min(1),
  type: z.enum(["single", "multi", "matrix"]),
  /** Code → label as the reference model prints it (a matrix: its row items). */
  codes: Codes,
  /** Matrix only: level code → level label. */
  scale: Codes.optional(),
  /** The frame the export really uses, where it differs from the printed one (complete replacements). */
  data: z.strictObject({ codes: Codes.optional(), scale: Codes.optional() }).optional(),
  /** Each difference between the reference model and the data, with its evidence. */
  deviations: z.array(z.string()).optional(),
  routing: z.string().optional(),
  disqualify: z.array(z.number().int()).optional(),
  /** The export's own question text, where it differs from the reference model's. */
  header: z.string().optional(),
});

const FrameFile = z.strictObject({
  source: z.string().min(1),
  questions: z.array(FrameQuestion).min(1),
});

/** A question's effective code frame: what each code in the export means. */
export interface FrameEntry {
  q: number;
  text: string;
  type: "single" | "multi" | "matrix";
  codes: Map<number, string>;
  scale: Map<number, string>;
  deviations: string[];
}

export type CodeFrame = Map<number, FrameEntry>;

const toMap = (codes: Record<string, string> | undefined) =>
  new Map(Object.entries(codes ?? {}).map(([k, v]) => [Number(k), v]));

/**
 * Reads a reference-model transcription (the file a coded source's data/surveys/<id>.yml names);
 * the export's own coding (`data`) wins where it differs.
 */
export async function loadCodeFrame(path: string): Promise<CodeFrame> {
  const file = await readYamlFile(path, FrameFile);
  return new Map(
    file.questions.map((q) => [
      q.q,
      {
        q: q.q,
        text: q.header ?? q.text,
        type: q.type,
        codes: toMap(q.data?.codes ?? q.codes),
        scale: toMap(q.data?.scale ?? q.scale),
        deviations: q.deviations ?? [],
      },
    ]),
  );
}
