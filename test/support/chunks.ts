import { isFatalError } from "../../src/core/problem.js";

/** `body` as a streamed reader gets it, `size` bytes at a time: chunk borders land anywhere. */
export function* chunked(body: Buffer, size: number): Generator<Uint8Array> {
  for (let i = 0; i < body.length; i += size) yield body.subarray(i, i + size);
}

/** The FatalError code `run` throws (or a description of a non-fatal throw); undefined when it returns. */
export function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (e) {
    return isFatalError(e) ? e.code : `not fatal: ${String(e)}`;
  }
  return undefined;
}
