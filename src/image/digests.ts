import { createHash } from "node:crypto";
import { isDigest, type Digest } from "../core/digest.js";
import { FatalError } from "../core/problem.js";

export function sha256Digest(data: Uint8Array | string): Digest {
  return `sha256:${createHash("sha256").update(data).digest("hex")}`;
}

/** Checks small blobs (index, manifest, config) against the digest that named them. */
export function verifyBlob(data: Uint8Array, expected: string, what: string): void {
  if (!isDigest(expected)) throw new FatalError("UNSUPPORTED_MEDIA_TYPE", `${what}: unsupported digest '${expected}' (only sha256 is supported)`);
  const actual = sha256Digest(data);
  if (actual !== expected) {
    throw new FatalError(
      "DIGEST_MISMATCH",
      `${what}: content has digest ${actual}, expected ${expected}`,
      "the archive or registry content is corrupt or was tampered with",
    );
  }
}
