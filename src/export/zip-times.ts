/**
 * A zip archive's entry times set to one fixed moment, so the same content gives the same bytes.
 * write-excel-file zips an XLSX with fflate, which stamps every entry with the time of writing
 * (2-second DOS time): two runs a few seconds apart then differ in those bytes alone. The times
 * are not covered by any CRC, so they are overwritten in place, in each central-directory entry
 * and in the local header it points at; nothing else is touched.
 */

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** 1980-01-01 00:00:00, the earliest DOS date: date (1980-1980)<<9 | 1<<5 | 1, time 0. */
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const DOS_TIME = 0;

/** Sets every entry's modification time to 1980-01-01 00:00; returns the same bytes, changed in place. */
export function fixZipTimes(zip: Uint8Array): Uint8Array {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  // why: the end record sits in the last 22 bytes plus a comment of at most 65,535
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--)
    if (view.getUint32(i, true) === EOCD) {
      end = i;
      break;
    }
  if (end < 0) throw new Error("not a zip archive: no end-of-central-directory record");
  const entries = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  for (let n = 0; n < entries; n++) {
    if (view.getUint32(at, true) !== CENTRAL)
      throw new Error(`not a zip archive: central directory entry ${n} missing`);
    view.setUint16(at + 12, DOS_TIME, true);
    view.setUint16(at + 14, DOS_DATE, true);
    const local = view.getUint32(at + 42, true);
    if (view.getUint32(local, true) !== LOCAL)
      throw new Error(`not a zip archive: local header of entry ${n} missing`);
    view.setUint16(local + 10, DOS_TIME, true);
    view.setUint16(local + 12, DOS_DATE, true);
    at +=
      46 +
      view.getUint16(at + 28, true) +
      view.getUint16(at + 30, true) +
      view.getUint16(at + 32, true);
  }
  return zip;
}
