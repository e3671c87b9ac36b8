import { closeSync, openSync, readSync } from "node:fs";
import { bunzip2Chunks, isBzip2 } from "./bzip2.js";
import { gunzipChunks, isGzip } from "./gzip.js";

/** Bytes handed on at a time: big enough to be fast, small enough that no copy of the document is held. */
const CHUNK = 256 * 1024;
/** Enough leading bytes to tell bzip2 (`BZh`) and gzip (1f 8b) apart from XML. */
const MAGIC_BYTES = 3;

/** Views of `body`, CHUNK bytes each (no copies). */
export function* bufferChunks(body: Buffer): Generator<Buffer> {
  for (let off = 0; off < body.length; off += CHUNK) yield body.subarray(off, Math.min(off + CHUNK, body.length));
}

/** A local file read CHUNK bytes at a time, so a document of any size costs one buffer. */
export function* fileChunks(path: string): Generator<Buffer> {
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK, null);
      if (n === 0) return;
      // A copy: the consumer may keep a chunk past the next read (bzip2 queues its input).
      yield Buffer.from(buf.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * The document's XML bytes, whatever the feed's compression, told by its magic bytes (not the file
 * name: mirrors rename, servers re-encode): bzip2 (Oracle's `.xml.bz2`) and gzip (SUSE's
 * `.xml.gz`) are decompressed as they are read; anything else is taken as XML.
 */
export function* feedChunks(raw: Iterable<Buffer>, label: string): Generator<Buffer> {
  const it = raw[Symbol.iterator]();
  // The magic is read from the first bytes, however the input is cut into chunks.
  const head: Buffer[] = [];
  let held = 0;
  let r = it.next();
  for (; !r.done && held < MAGIC_BYTES; r = it.next()) {
    head.push(r.value);
    held += r.value.length;
  }
  if (held === 0) return;
  const first = head.length === 1 ? head[0]! : Buffer.concat(head);
  const next = r;
  const rest = (function* (): Generator<Buffer> {
    yield first;
    for (let n = next; !n.done; n = it.next()) yield n.value;
  })();
  if (isBzip2(first)) {
    yield* bunzip2Chunks(rest, label);
  } else if (isGzip(first)) {
    yield* gunzipChunks(rest, label);
  } else {
    yield* rest;
  }
}
