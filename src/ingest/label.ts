/**
 * Normalises a header or answer label for comparison: the exports mix non-breaking spaces,
 * doubled and trailing spaces into otherwise identical labels.
 */
export function normalizeLabel(text: string): string {
  return text
    .replace(/[\u00a0\u2007\u202f]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** The key used to match labels across years: normalised, case-folded, curly quotes made straight. */
export function labelKey(text: string): string {
  return normalizeLabel(text)
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .toLowerCase();
}
