import { closeSync, mkdtempSync, openSync, readSync, rmSync, unlinkSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { OvalDefinition } from "../../formats/oval/types.js";

const FLUSH_AT = 1 << 20;
const READ_CHUNK = 1 << 20;

/** Closes the file of a spool dropped without being read to the end. */
const orphans = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
});

/**
 * Definitions parked on disk, one JSON line each, until the tests/objects/states that follow
 * them in the document are known. The file is unlinked as soon as it is open, so nothing is left
 * behind whatever happens; it lives as long as its descriptor.
 */
export class DefinitionSpool {
  private readonly fd: number;
  private pending = "";
  private closed = false;

  constructor() {
    const dir = mkdtempSync(join(tmpdir(), "claro-oval-"));
    try {
      const path = join(dir, "definitions.jsonl");
      this.fd = openSync(path, "w+");
      unlinkSync(path);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    orphans.register(this, this.fd, this);
  }

  add(def: OvalDefinition): void {
    this.pending += JSON.stringify(def) + "\n";
    if (this.pending.length >= FLUSH_AT) this.flush();
  }

  private flush(): void {
    if (this.pending.length > 0) writeSync(this.fd, this.pending);
    this.pending = "";
  }

  /** Releases the file; for a spool that will not be read (the document failed to parse). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    orphans.unregister(this);
    closeSync(this.fd);
  }

  /** The definitions in the order they were added; the file is closed once they are all read. */
  *read(): Generator<OvalDefinition> {
    this.flush();
    try {
      const buf = Buffer.allocUnsafe(READ_CHUNK);
      let position = 0;
      // Bytes after the last newline read so far: a line (or a UTF-8 character) may span two reads.
      let carry = Buffer.alloc(0);
      for (;;) {
        const n = readSync(this.fd, buf, 0, READ_CHUNK, position);
        if (n === 0) break;
        position += n;
        const end = buf.lastIndexOf(0x0a, n - 1) + 1;
        if (end === 0) {
          carry = Buffer.concat([carry, buf.subarray(0, n)]);
          continue;
        }
        const text = Buffer.concat([carry, buf.subarray(0, end)]).toString("utf8");
        carry = Buffer.from(buf.subarray(end, n));
        for (const line of text.split("\n")) if (line.length > 0) yield JSON.parse(line) as OvalDefinition;
      }
      if (carry.length > 0) yield JSON.parse(carry.toString("utf8")) as OvalDefinition;
    } finally {
      this.close();
    }
  }
}
