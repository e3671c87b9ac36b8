import { createHash } from "node:crypto";
import { closeSync, createReadStream, openSync, readSync } from "node:fs";
import { FatalError } from "../core/problem.js";
import type { Fingerprint } from "../contracts/updater.js";

/** Slices of 1 MiB: big enough that per-call overhead vanishes, small enough to never matter for memory. */
const SLICE = 1 << 20;

/**
 * A local feed file as slices, read synchronously: the stores consume advisories inside a
 * synchronous write transaction (better-sqlite3), so the reader under them cannot await. The
 * file is opened on the first pull and closed when the loop ends, normally or not.
 */
export function* fileSlices(path: string): Generator<Uint8Array> {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (e) {
    throw new FatalError("FEED_UNAVAILABLE", `${path}: ${e instanceof Error ? e.message : String(e)}`, "check the --source path", { cause: e });
  }
  try {
    for (;;) {
      // A fresh buffer per slice: the parser may keep a view of the previous one.
      const buf = Buffer.allocUnsafe(SLICE);
      const n = readSync(fd, buf, 0, SLICE, null);
      if (n === 0) return;
      yield buf.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
}

/** A body already in memory as the same slices, so one streamed parser serves files and downloads. */
export function* bufferSlices(body: Buffer): Generator<Uint8Array> {
  for (let i = 0; i < body.length; i += SLICE) yield body.subarray(i, i + SLICE);
}

/**
 * The fingerprint the feed client gives a local file (`{"sha256":…}`), computed by streaming the
 * file through the hash instead of reading it whole. `unchanged` when it equals `previous`'s hash.
 */
export async function localFileFingerprint(path: string, previous: Fingerprint | null): Promise<{ fingerprint: Fingerprint; unchanged: boolean }> {
  const hash = createHash("sha256");
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: SLICE })) hash.update(chunk as Buffer);
  } catch (e) {
    throw new FatalError("FEED_UNAVAILABLE", `${path}: ${e instanceof Error ? e.message : String(e)}`, "check the --source path", { cause: e });
  }
  const sha256 = hash.digest("hex");
  return { fingerprint: JSON.stringify({ sha256 }), unchanged: previousSha256(previous) === sha256 };
}

function previousSha256(previous: Fingerprint | null): string | null {
  if (!previous) return null;
  try {
    const v: unknown = JSON.parse(previous);
    return v !== null && typeof v === "object" && "sha256" in v && typeof v.sha256 === "string" ? v.sha256 : null;
  } catch {
    // A fingerprint of another shape (an older updater's): not the same feed, so read it again.
    return null;
  }
}
