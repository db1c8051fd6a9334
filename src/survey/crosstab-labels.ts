/**
 * How a cross-tab request names a label (an option, a level, a net): as the codebook spells it,
 * case ignored, since typing one out is error-prone. Pure: the CLI and the explorer both match so.
 */

/** The label `name` means, as the codebook spells it (an exact match first), or undefined. */
export const findLabel = (valid: readonly string[], name: string): string | undefined =>
  valid.find((v) => v === name) ?? valid.find((v) => v.toLowerCase() === name.toLowerCase());

/** A named group of labels: a standard net of the codebook, or one the request defines. */
export interface NamedGroup {
  name: string;
  members: string[];
}
