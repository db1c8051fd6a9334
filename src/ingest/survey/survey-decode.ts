import { CensusError } from "../../errors.ts";

export type SurveyEncoding = "utf-8" | "macintosh" | "windows-1252";

/**
 * Decodes an export's bytes as they are read, piece by piece. Undecodable bytes stop the ingest
 * with the line and byte offset, because a wrong guess would silently garble every label after it.
 */
export class ExportDecoder {
  private readonly decoder: TextDecoder;
  /** Bytes and line ends before the current piece, for the position of a bad byte. */
  private offset = 0;
  private lines = 1;
  /** The previous piece's last bytes: a bad sequence may start there. */
  private tail: Uint8Array = new Uint8Array(0);

  constructor(
    private readonly encoding: SurveyEncoding,
    private readonly file: string,
  ) {
    this.decoder =
      encoding === "utf-8"
        ? new TextDecoder("utf-8", { fatal: true, ignoreBOM: false })
        : new TextDecoder(encoding);
  }

  /** The text of the next piece of bytes (a character cut by the piece's end comes with the next). */
  decode(bytes: Uint8Array): string {
    return this.run(bytes, true);
  }

  /** The text left at the end of the file; refuses an empty file. */
  end(): string {
    if (this.offset === 0)
      throw new CensusError(
        `${this.file}: the file is empty. Run \`kube-census fetch\` again to restore it.`,
      );
    return this.run(new Uint8Array(0), false);
  }

  private run(bytes: Uint8Array, stream: boolean): string {
    let text: string;
    try {
      text = this.decoder.decode(bytes, { stream });
    } catch {
      throw this.invalid(bytes);
    }
    if (this.encoding === "utf-8") {
      for (let k = bytes.indexOf(0x0a); k >= 0; k = bytes.indexOf(0x0a, k + 1)) this.lines++;
      this.tail = bytes.subarray(Math.max(0, bytes.length - 3));
    }
    this.offset += bytes.length;
    return text;
  }

  /** The error naming the first byte that does not start a well-formed UTF-8 sequence. */
  private invalid(bytes: Uint8Array): CensusError {
    // A sequence the previous piece began (at its last lead byte) may be the bad one; bytes
    // before it, and an ASCII byte, were whole characters the decoder took.
    let lead = this.tail.length;
    for (let k = this.tail.length - 1; k >= 0; k--) {
      const b = this.tail[k]!;
      if (b < 0x80) break;
      if ((b & 0xc0) !== 0x80) {
        lead = k;
        break;
      }
    }
    const carried = this.tail.length - lead;
    const joined = new Uint8Array(carried + bytes.length);
    joined.set(this.tail.subarray(lead));
    joined.set(bytes, carried);
    const at = firstInvalidUtf8(joined);
    const offset = this.offset - carried + at;
    // The carried bytes are a lead byte and continuation bytes, never a line end.
    const line = joined.subarray(0, at).reduce((n, b) => (b === 0x0a ? n + 1 : n), this.lines);
    return new CensusError(
      `${this.file}: byte 0x${joined[at]?.toString(16).padStart(2, "0")} at offset ${offset} (line ${line}) is not valid UTF-8. ` +
        `The file is damaged or in another encoding: run \`kube-census fetch\` to restore the pinned copy.`,
    );
  }
}

/** Decodes a whole export's bytes (see ExportDecoder). */
export function decodeExport(bytes: Uint8Array, encoding: SurveyEncoding, file: string): string {
  const decoder = new ExportDecoder(encoding, file);
  return decoder.decode(bytes) + decoder.end();
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
