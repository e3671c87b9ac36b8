/** Writes a minimal rpm header blob (il, dl, index, data), for tests that need tags no fixture has. */
export type TagValue =
  | { readonly tag: number; readonly string: string }
  | { readonly tag: number; readonly strings: readonly string[] }
  | { readonly tag: number; readonly int32: readonly number[] };

export function buildHeader(values: readonly TagValue[]): Buffer {
  const index: Buffer[] = [];
  const data: Buffer[] = [];
  let size = 0;
  for (const v of values) {
    let type: number;
    let count: number;
    let bytes: Buffer;
    if ("string" in v) {
      [type, count, bytes] = [6, 1, Buffer.from(`${v.string}\0`)];
    } else if ("strings" in v) {
      [type, count, bytes] = [8, v.strings.length, Buffer.from(v.strings.map((s) => `${s}\0`).join(""))];
    } else {
      const pad = (4 - (size % 4)) % 4;
      data.push(Buffer.alloc(pad));
      size += pad;
      bytes = Buffer.alloc(4 * v.int32.length);
      v.int32.forEach((n, i) => bytes.writeUInt32BE(n, i * 4));
      [type, count] = [4, v.int32.length];
    }
    const e = Buffer.alloc(16);
    e.writeUInt32BE(v.tag, 0);
    e.writeUInt32BE(type, 4);
    e.writeUInt32BE(size, 8);
    e.writeUInt32BE(count, 12);
    index.push(e);
    data.push(bytes);
    size += bytes.length;
  }
  const head = Buffer.alloc(8);
  head.writeUInt32BE(values.length, 0);
  head.writeUInt32BE(size, 4);
  return Buffer.concat([head, ...index, ...data]);
}
