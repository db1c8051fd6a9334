/**
 * Text helpers the three syntax writers share: labels come from the codebook and the exports'
 * own wording, so they may hold quotes, apostrophes, line breaks, control characters and any
 * Unicode; each writer quotes them for its language (labelled-spss.ts, -stata.ts, -r.ts).
 */

/**
 * Line breaks, tabs and other control characters as one space: no syntax takes them in a label.
 * So are bidirectional overrides, which would make a syntax file read otherwise than it runs.
 */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]+/g, " ")
    .trim();
}

/**
 * Cut to at most `max` UTF-8 bytes (SPSS counts bytes), never inside a character, ending in "…"
 * when cut, so a truncated label says so.
 */
export function cutBytes(text: string, max: number): string {
  const encoder = new TextEncoder();
  if (encoder.encode(text).length <= max) return text;
  const ellipsis = "…";
  let out = "";
  let bytes = encoder.encode(ellipsis).length;
  for (const ch of text) {
    const size = encoder.encode(ch).length;
    if (bytes + size > max) break;
    out += ch;
    bytes += size;
  }
  return out + ellipsis;
}

/** Cut to at most `max` characters (Stata counts characters), ending in "…" when cut. */
export function cutChars(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}
