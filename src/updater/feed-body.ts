import { createHash } from "node:crypto";
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { FatalError } from "../core/problem.js";

/** The largest feed body kept (issue 13.3): today's largest download is well under 1 GiB. */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 ** 3;

/** Temporary directories of downloads not yet disposed of; removed at the latest when the process exits. */
const live = new Set<string>();
let exitHook = false;

function removeLive(): void {
  for (const dir of live) rmSync(dir, { recursive: true, force: true });
  live.clear();
}

/** A body saved to disk: its file, its hash, and the disposal of its directory. */
export interface SavedBody {
  readonly path: string;
  readonly sha256: string;
  readonly dispose: () => void;
}

/**
 * Streams a response body into a file of a fresh directory under the OS temporary directory,
 * hashing as it goes; more than `maxBytes` (announced or received) stops the download with
 * FEED_INVALID. On any failure the directory is gone before the error is thrown.
 */
export async function saveBody(
  location: string,
  body: WebReadableStream<Uint8Array> | null,
  declaredLength: string | null,
  maxBytes: number,
): Promise<SavedBody> {
  const tooLarge = (): FatalError =>
    new FatalError("FEED_INVALID", `${location}: the body is larger than ${maxBytes} bytes`, "mirror the feed and use --source UPDATER=PATH, or check the URL");
  if (declaredLength !== null && Number(declaredLength) > maxBytes) throw tooLarge();
  const dir = mkdtempSync(join(tmpdir(), "claro-feed-"));
  live.add(dir);
  if (!exitHook) {
    exitHook = true;
    process.once("exit", removeLive);
  }
  const dispose = (): void => {
    if (live.delete(dir)) rmSync(dir, { recursive: true, force: true });
  };
  const path = join(dir, "body");
  const hash = createHash("sha256");
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > maxBytes) return done(tooLarge());
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(body === null ? Readable.from([]) : Readable.fromWeb(body), meter, createWriteStream(path, { flags: "wx" }));
  } catch (e) {
    dispose();
    if (e instanceof FatalError) throw e;
    throw new FatalError(
      "FEED_UNAVAILABLE",
      `${location}: the download failed: ${errorText(e)}`,
      "check the network, or use --source UPDATER=PATH with a mirrored copy",
      { cause: e },
    );
  }
  return { path, sha256: hash.digest("hex"), dispose };
}

function errorText(e: unknown): string {
  if (e instanceof Error) return e.cause instanceof Error ? `${e.message}: ${e.cause.message}` : e.message;
  return String(e);
}
