import { openSync, readSync, closeSync } from "node:fs";

/** Offsets of the members of an uncompressed outer tar (ustar names only; enough for OCI archives). */
export function tarMembers(path: string): Map<string, { offset: number; size: number }> {
  const fd = openSync(path, "r");
  const header = Buffer.alloc(512);
  const out = new Map<string, { offset: number; size: number }>();
  try {
    let pos = 0;
    for (;;) {
      if (readSync(fd, header, 0, 512, pos) < 512 || header.every((b) => b === 0)) break;
      const name = header.toString("utf8", 0, 100).replace(/\0.*$/s, "");
      const prefix = header.toString("utf8", 345, 500).replace(/\0.*$/s, "");
      const size = parseInt(header.toString("utf8", 124, 136).replace(/\0.*$/s, "").trim() || "0", 8);
      out.set(prefix ? `${prefix}/${name}` : name, { offset: pos + 512, size });
      pos += 512 + Math.ceil(size / 512) * 512;
    }
  } finally {
    closeSync(fd);
  }
  return out;
}
