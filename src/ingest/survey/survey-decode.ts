import { CensusError } from "../../errors.ts";

export type SurveyEncoding = "utf-8" | "macintosh" | "windows-1252";

/**
 * Decodes an export's bytes. Undecodable bytes stop the ingest with the line and byte offset,
 * because a wrong guess would silently garble every label after it.
 */
export function decodeExport(bytes: Uint8Array, encoding: SurveyEncoding, file: string): string {
  if (bytes.length === 0)
    throw new CensusError(
      `${file}: the file is empty. Run \`kube-census fetch\` again to restore it.`,
    );
  if (encoding === "utf-8") {
    try {
      return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
    } catch {
      const offset = firstInvalidUtf8(bytes);
      const line = bytes.subarray(0, offset).reduce((n, b) => (b === 0x0a ? n + 1 : n), 1);
      throw new CensusError(
        `${file}: byte 0x${bytes[offset]?.toString(16).padStart(2, "0")} at offset ${offset} (line ${line}) is not valid UTF-8. ` +
          `The file is damaged or in another encoding: run \`kube-census fetch\` to restore the pinned copy.`,
      );
    }
  }
  return new TextDecoder(encoding).decode(bytes);
}

/** Offset of the first byte that does not start a well-formed UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const length =
      b < 0x80
        ? 1
        : b >= 0xc2 && b <= 0xdf
          ? 2
          : b >= 0xe0 && b <= 0xef
            ? 3
            : b >= 0xf0 && b <= 0xf4
              ? 4
              : 0;
    if (length === 0) return i;
    for (let k = 1; k < length; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += length;
  }
  return bytes.length;
}
