/** A content digest in OCI form, e.g. `sha256:<64 hex>`. Only sha256 is accepted. */
export type Digest = `sha256:${string}`;

const DIGEST_RE = /^sha256:[0-9a-f]{64}$/;

export function isDigest(value: string): value is Digest {
  return DIGEST_RE.test(value);
}

/** Returns the hex part of a digest (what Klar uses to build Clair v2 layer names). */
export function digestHex(d: Digest): string {
  return d.slice("sha256:".length);
}
