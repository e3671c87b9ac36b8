/**
 * Reader for rpm's NDB `Packages.db` (SUSE): a 32-byte file header, `slotnpages` 4 KiB pages of
 * 16-byte slots (magic, package index, block offset, block count), and blobs addressed in 16-byte
 * blocks, each framed by a `BlbS` head and a `BlbE` tail. Everything is little-endian.
 */

const PAGE_SIZE = 4096;
const HEADER_SIZE = 32;
const SLOT_SIZE = 16;
const BLK_SIZE = 16;
const BLOBHEAD_SIZE = 16;
const BLOBTAIL_SIZE = 12;
const MAGIC_DB = 0x506d7052; // "RpmP"
const MAGIC_SLOT = 0x746f6c53; // "Slot"
const MAGIC_BLOB_HEAD = 0x53626c42; // "BlbS"
const MAGIC_BLOB_TAIL = 0x45626c42; // "BlbE"

export function isNdb(data: Buffer): boolean {
  return data.length >= HEADER_SIZE && data.readUInt32LE(0) === MAGIC_DB;
}

export interface NdbValues {
  readonly values: { readonly key: number; readonly blob: Buffer }[];
  readonly errors: string[];
}

export function readNdb(data: Buffer): NdbValues | string {
  if (!isNdb(data)) return "not an rpm NDB database (bad magic)";
  const version = data.readUInt32LE(4);
  if (version !== 0) return `NDB version ${version} is not supported`;
  const slotPages = data.readUInt32LE(12);
  if (slotPages < 1 || slotPages > 1 << 16) return `NDB slot page count ${slotPages} is implausible`;
  const slotEnd = Math.min(slotPages * PAGE_SIZE, data.length - (data.length % SLOT_SIZE));
  const errors: string[] = [];
  if (slotPages * PAGE_SIZE > data.length) errors.push(`slot area (${slotPages} pages) runs past the end of the file (truncated?)`);
  const values: { key: number; blob: Buffer }[] = [];
  for (let at = HEADER_SIZE; at + SLOT_SIZE <= slotEnd; at += SLOT_SIZE) {
    if (data.readUInt32LE(at) !== MAGIC_SLOT) {
      errors.push(`slot at offset ${at} has a bad magic`);
      continue;
    }
    const pkgIdx = data.readUInt32LE(at + 4);
    if (pkgIdx === 0) continue; // free slot
    const blkOff = data.readUInt32LE(at + 8);
    const blkCnt = data.readUInt32LE(at + 12);
    const blob = readBlob(data, pkgIdx, blkOff, blkCnt);
    if (typeof blob === "string") errors.push(`package index ${pkgIdx}: ${blob}`);
    else values.push({ key: pkgIdx, blob });
  }
  return { values, errors };
}

function readBlob(data: Buffer, pkgIdx: number, blkOff: number, blkCnt: number): Buffer | string {
  const start = blkOff * BLK_SIZE;
  const end = start + blkCnt * BLK_SIZE;
  if (blkCnt === 0 || end > data.length) return `blob blocks ${blkOff}+${blkCnt} lie outside the ${data.length}-byte file`;
  if (end - start < BLOBHEAD_SIZE + BLOBTAIL_SIZE) return `blob of ${blkCnt} blocks is too small`;
  if (data.readUInt32LE(start) !== MAGIC_BLOB_HEAD) return "blob has a bad head magic";
  if (data.readUInt32LE(start + 4) !== pkgIdx) return `blob belongs to package index ${data.readUInt32LE(start + 4)}`;
  const len = data.readUInt32LE(start + 12);
  if (BLOBHEAD_SIZE + len + BLOBTAIL_SIZE > end - start) return `blob length ${len} exceeds its ${blkCnt} blocks`;
  const tail = end - BLOBTAIL_SIZE;
  if (data.readUInt32LE(tail + 8) !== MAGIC_BLOB_TAIL || data.readUInt32LE(tail + 4) !== len) return "blob has a bad tail";
  return data.subarray(start + BLOBHEAD_SIZE, start + BLOBHEAD_SIZE + len);
}
