/**
 * Reader for the Berkeley DB hash files rpm < 4.16 used for `var/lib/rpm/Packages`. Only what rpm
 * writes is supported: an unencrypted, non-checksummed hash database whose values are header
 * blobs keyed by a 4-byte instance number. Buckets are walked from the metadata page's spares
 * table (not a page-by-page scan), so stale pages left over from erased packages are not read.
 */

export const BDB_HASH_MAGIC = 0x061561;

const PAGE_HEADER = 26;
const P_HASH_UNSORTED = 2;
const P_OVERFLOW = 7;
const P_HASHMETA = 8;
const P_HASH = 13;
const H_KEYDATA = 1;
const H_OFFPAGE = 3;

export interface BdbValues {
  /** Header blobs with their instance number (the record key). */
  readonly values: { readonly key: number; readonly blob: Buffer }[];
  /** Reasons some records or pages were skipped. */
  readonly errors: string[];
}

export function isBdbHash(data: Buffer): boolean {
  return data.length >= 16 && (data.readUInt32LE(12) === BDB_HASH_MAGIC || data.readUInt32BE(12) === BDB_HASH_MAGIC);
}

/** Smallest i with 2^i >= n, as Berkeley DB's __db_log2. */
function log2ceil(n: number): number {
  let i = 0;
  for (let limit = 1; limit < n; limit *= 2) i++;
  return i;
}

interface Meta {
  readonly le: boolean;
  readonly pageSize: number;
  readonly maxBucket: number;
  readonly spares: number[];
  readonly pageCount: number;
}

function readMeta(data: Buffer): Meta | string {
  if (data.length < 512) return `file is ${data.length} bytes, too short for a Berkeley DB metadata page`;
  const le = data.readUInt32LE(12) === BDB_HASH_MAGIC;
  if (!le && data.readUInt32BE(12) !== BDB_HASH_MAGIC) return "not a Berkeley DB hash database (bad magic)";
  const u32 = (at: number): number => (le ? data.readUInt32LE(at) : data.readUInt32BE(at));
  const pageSize = u32(20);
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) return `page size ${pageSize} is invalid`;
  if (data[24] !== 0) return "encrypted Berkeley DB databases are not supported";
  if (data[25] !== P_HASHMETA) return `metadata page has type ${data[25]}, expected a hash metadata page`;
  if ((data[26]! & 0x01) !== 0) return "checksummed Berkeley DB pages are not supported";
  const maxBucket = u32(72);
  // A bound on the bucket loop; a truncated file keeps its header value and loses only the missing buckets.
  if (maxBucket > 0xffffff) return `max bucket ${maxBucket} is implausible`;
  const spares: number[] = [];
  for (let i = 0; i < 32; i++) spares.push(u32(96 + i * 4));
  return { le, pageSize, maxBucket, spares, pageCount: Math.floor(data.length / pageSize) };
}

export function readBdbHash(data: Buffer): BdbValues | string {
  const meta = readMeta(data);
  if (typeof meta === "string") return meta;
  const { le, pageSize, pageCount } = meta;
  const values: { key: number; blob: Buffer }[] = [];
  const errors: string[] = [];
  const page = (n: number): Buffer | null => (n > 0 && n < pageCount ? data.subarray(n * pageSize, (n + 1) * pageSize) : null);
  const u16 = (b: Buffer, at: number): number => (le ? b.readUInt16LE(at) : b.readUInt16BE(at));
  const u32 = (b: Buffer, at: number): number => (le ? b.readUInt32LE(at) : b.readUInt32BE(at));

  const readOverflow = (first: number, total: number): Buffer | string => {
    const parts: Buffer[] = [];
    let got = 0;
    const seen = new Set<number>();
    for (let n = first; got < total;) {
      const p = page(n);
      if (p === null) return `overflow chain points at page ${n}, beyond the ${pageCount}-page file`;
      if (seen.has(n)) return `overflow chain loops at page ${n}`;
      seen.add(n);
      if (p[25] !== P_OVERFLOW) return `page ${n} in an overflow chain has type ${p[25]}`;
      const len = u16(p, 22);
      if (PAGE_HEADER + len > pageSize) return `overflow page ${n} claims ${len} bytes`;
      parts.push(p.subarray(PAGE_HEADER, PAGE_HEADER + len));
      got += len;
      n = u32(p, 16);
      if (n === 0) break;
    }
    if (got < total) return `overflow chain holds ${got} of ${total} bytes`;
    return Buffer.concat(parts).subarray(0, total);
  };

  // One item's bytes: from its offset up to the previous item's offset (items grow down from the end).
  const item = (p: Buffer, i: number): Buffer | null => {
    const off = u16(p, PAGE_HEADER + i * 2);
    const end = i === 0 ? pageSize : u16(p, PAGE_HEADER + (i - 1) * 2);
    if (off < PAGE_HEADER || end > pageSize || off >= end) return null;
    return p.subarray(off, end);
  };

  const readBucketPage = (n: number, p: Buffer): void => {
    const entries = u16(p, 20);
    if (PAGE_HEADER + entries * 2 > pageSize) {
      errors.push(`hash page ${n} claims ${entries} entries`);
      return;
    }
    for (let i = 0; i + 1 < entries; i += 2) {
      const k = item(p, i);
      const v = item(p, i + 1);
      if (k === null || v === null) {
        errors.push(`hash page ${n}: entry ${i / 2} has an impossible offset`);
        continue;
      }
      const key = k[0] === H_KEYDATA && k.length >= 5 ? u32(k, 1) : -1;
      if (v[0] === H_OFFPAGE && v.length >= 12) {
        const blob = readOverflow(u32(v, 4), u32(v, 8));
        if (typeof blob === "string") errors.push(`record ${key}: ${blob}`);
        else values.push({ key, blob });
      } else if (v[0] === H_KEYDATA) {
        // Key 0 holds rpm's instance counter, not a header.
        if (key !== 0) values.push({ key, blob: v.subarray(1) });
      } else {
        errors.push(`hash page ${n}: record ${key} has unsupported item type ${v[0]}`);
      }
    }
  };

  const visited = new Set<number>();
  let missing = 0;
  for (let bucket = 0; bucket <= meta.maxBucket; bucket++) {
    const spare = meta.spares[log2ceil(bucket + 1)];
    let n = bucket + (spare ?? 0);
    while (n !== 0) {
      if (visited.has(n)) {
        errors.push(`bucket ${bucket}: page chain loops at page ${n}`);
        break;
      }
      visited.add(n);
      const p = page(n);
      if (p === null) {
        missing++;
        break;
      }
      if (p[25] !== P_HASH && p[25] !== P_HASH_UNSORTED) {
        errors.push(`bucket ${bucket}: page ${n} has type ${p[25]}, expected a hash page`);
        break;
      }
      readBucketPage(n, p);
      n = u32(p, 16);
    }
  }
  if (missing > 0) errors.push(`${missing} bucket page(s) lie beyond the end of the ${pageCount}-page file (truncated?)`);
  return { values, errors };
}
