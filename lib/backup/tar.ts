/**
 * Drops top-level entries from a tar archive (ustar, as PGlite's dumpDataDir writes it). The embedded
 * database's directory also holds the lock of the process using it (db/lock.ts): it belongs to that
 * process, not to the data, so a backup leaves it out and a restore never writes it.
 */
const BLOCK = 512;

export function withoutTopLevel(tar: Uint8Array, drop: (name: string) => boolean): Uint8Array<ArrayBuffer> {
  const kept: Uint8Array[] = [];
  // extended headers (pax 'x', GNU long names 'L'/'K') belong to the entry after them
  let pending: Uint8Array[] = [];
  let off = 0;
  // some writers leave out the closing zero blocks: the archive then ends after its last entry
  while (off < tar.length) {
    if (off + BLOCK > tar.length) throw new Error("not a tar archive: it ends inside an entry");
    const header = tar.subarray(off, off + BLOCK);
    if (header.every((b) => b === 0)) break;
    const size = octal(header.subarray(124, 136));
    const end = off + BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (end > tar.length) throw new Error("not a tar archive: an entry runs past its end");
    const entry = tar.subarray(off, end);
    const type = String.fromCharCode(header[156] ?? 0);
    if (type === "x" || type === "L" || type === "K") {
      pending.push(entry);
    } else {
      if (!drop(topLevel(header))) kept.push(...pending, entry);
      pending = [];
    }
    off = end;
  }
  // the archive ends with two zero blocks
  kept.push(new Uint8Array(2 * BLOCK));
  return Buffer.concat(kept);
}

function topLevel(header: Uint8Array): string {
  const name = text(header.subarray(0, 100));
  const ustar = text(header.subarray(257, 262)) === "ustar";
  const prefix = ustar ? text(header.subarray(345, 500)) : "";
  const full = prefix ? `${prefix}/${name}` : name;
  return full.replace(/^(\.?\/)+/, "").split("/")[0] ?? "";
}

function text(field: Uint8Array): string {
  const nul = field.indexOf(0);
  return Buffer.from(nul < 0 ? field : field.subarray(0, nul)).toString("utf8");
}

function octal(field: Uint8Array): number {
  if ((field[0] ?? 0) & 0x80) throw new Error("not supported: a tar entry of more than 8 GB");
  const digits = text(field).trim();
  if (!/^[0-7]*$/.test(digits)) throw new Error("not a tar archive: a size field is not octal");
  return digits ? parseInt(digits, 8) : 0;
}
