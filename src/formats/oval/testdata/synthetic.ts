import { closeSync, openSync, readFileSync, writeSync } from "node:fs";

const SECTIONS = ["definitions", "tests", "objects", "states"] as const;

/**
 * Writes a large OVAL document built from a real one: each section's content (definitions, then
 * tests, objects, states, as vendors order them) repeated `copies` times, every OVAL id renamed per
 * copy (`oval:com.vmware.phsa:tst:1` → `oval:com.vmware.phsa.r3:tst:1`) so the copies do not share
 * a single test, object or state. The result has the real file's shape, only `copies` times over:
 * each copy must give the same records as the original. Returns `copies`.
 */
export function writeRepeatedOval(source: string, dest: string, targetBytes: number): number {
  const xml = readFileSync(source, "utf8");
  const copies = Math.ceil(targetBytes / Buffer.byteLength(xml));
  const bounds = SECTIONS.map((s) => {
    const open = xml.indexOf(`<${s}>`);
    const close = xml.indexOf(`</${s}>`, open);
    if (open < 0 || close < 0) throw new Error(`${source}: no <${s}> section`);
    return { s, start: open + s.length + 2, end: close };
  });
  const fd = openSync(dest, "w");
  try {
    writeSync(fd, xml.slice(0, bounds[0]!.start - bounds[0]!.s.length - 2));
    for (const { s, start, end } of bounds) {
      writeSync(fd, `<${s}>`);
      const body = xml.slice(start, end);
      for (let k = 0; k < copies; k++) writeSync(fd, body.replace(/\boval:([A-Za-z0-9_.-]+):(def|tst|obj|ste|var):/g, `oval:$1.r${k}:$2:`));
      writeSync(fd, `</${s}>\n`);
    }
    writeSync(fd, xml.slice(xml.indexOf("</", bounds[bounds.length - 1]!.end + 2)));
  } finally {
    closeSync(fd);
  }
  return copies;
}
