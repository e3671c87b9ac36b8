import { FatalError } from "../core/problem.js";

const BLOCK = 512;

export interface TarMember {
  /** The member's path as written (`2024/cve-2024-0001.json`, a leading `./` removed). */
  readonly path: string;
  readonly data: Buffer;
}

/** Bytes pulled from an iterator of chunks on demand: only what the current member needs is held. */
class Reader {
  private chunks: Buffer[] = [];
  private held = 0;
  private done = false;

  constructor(private readonly it: Iterator<Uint8Array>) {}

  /** Exactly `n` bytes, or null when the input ends first (what arrived is then `short`). */
  take(n: number): Buffer | null {
    while (this.held < n && !this.done) {
      const r = this.it.next();
      if (r.done) this.done = true;
      else if (r.value.length > 0) {
        this.chunks.push(Buffer.from(r.value.buffer, r.value.byteOffset, r.value.byteLength));
        this.held += r.value.length;
      }
    }
    if (this.held < n) return null;
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.held);
    // A copy of the member's bytes, so the chunk it was cut from can be dropped.
    const out = Buffer.from(all.subarray(0, n));
    const rest = all.subarray(n);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.held = rest.length;
    return out;
  }

  skip(n: number): boolean {
    return n === 0 || this.take(n) !== null;
  }
}

function text(h: Buffer, start: number, length: number): string {
  const end = h.indexOf(0, start);
  return h.toString("utf8", start, end < 0 || end > start + length ? start + length : end);
}

function octal(h: Buffer, start: number, length: number): number {
  // GNU base-256 for sizes past 8 GiB: high bit of the first byte set.
  if ((h[start]! & 0x80) !== 0) {
    let v = h[start]! & 0x7f;
    for (let i = start + 1; i < start + length; i++) v = v * 256 + h[i]!;
    return v;
  }
  const s = text(h, start, length).trim();
  return s === "" ? 0 : Number.parseInt(s, 8);
}

function checksumOk(h: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i]!;
  return sum === octal(h, 148, 8);
}

/** `path` from pax extended-header records (`<len> path=<value>\n`). */
function paxPath(data: Buffer): string | null {
  let pos = 0;
  let path: string | null = null;
  while (pos < data.length) {
    const sp = data.indexOf(0x20, pos);
    if (sp < 0) break;
    const len = Number.parseInt(data.toString("ascii", pos, sp), 10);
    if (!Number.isFinite(len) || len <= 0) break;
    const rec = data.toString("utf8", sp + 1, pos + len - 1);
    const eq = rec.indexOf("=");
    if (eq > 0 && rec.slice(0, eq) === "path") path = rec.slice(eq + 1);
    pos += len;
  }
  return path;
}

/**
 * The regular files of a tar stream, one at a time, synchronously (ustar, pax and GNU long names):
 * only the member being read is held. tar-stream parses the same format, but through async
 * streams, which the stores' synchronous write transaction cannot wait on. A bad header checksum,
 * or input that ends inside a member or before the end-of-archive block, throws FEED_INVALID.
 */
export function* tarMembers(bytes: Iterable<Uint8Array>, what: string): Generator<TarMember> {
  const invalid = (why: string): FatalError =>
    new FatalError(
      "FEED_INVALID",
      `${what}: the tar archive is unreadable (${why})`,
      "the download may be truncated; run the update again or check the --source file",
    );
  const r = new Reader(bytes[Symbol.iterator]());
  let longName: string | null = null;
  let paxName: string | null = null;
  let members = 0;
  for (;;) {
    const h = r.take(BLOCK);
    if (h === null) throw invalid(`it ends after ${members} member(s) without the end-of-archive block: truncated`);
    if (h.every((b) => b === 0)) return;
    if (!checksumOk(h)) throw invalid(`bad header checksum after ${members} member(s)`);
    const size = octal(h, 124, 12);
    const type = String.fromCharCode(h[156]!);
    const data = r.take(size);
    if (data === null || !r.skip((BLOCK - (size % BLOCK)) % BLOCK)) throw invalid(`member ${members + 1} is cut short: truncated`);
    if (type === "L") {
      longName = text(data, 0, data.length);
      continue;
    }
    if (type === "x") {
      paxName = paxPath(data);
      continue;
    }
    const ustar = h.toString("ascii", 257, 262) === "ustar" && h[262] === 0;
    const prefix = ustar ? text(h, 345, 155) : "";
    const name = paxName ?? longName ?? (prefix ? `${prefix}/${text(h, 0, 100)}` : text(h, 0, 100));
    longName = null;
    paxName = null;
    members += 1;
    if (type === "0" || type === "\0" || type === "7") yield { path: name.replace(/^\.\//, ""), data };
  }
}
