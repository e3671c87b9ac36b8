import type { Readable } from "node:stream";
import { isDigest, type Digest } from "../../core/digest.js";
import { FatalError } from "../../core/problem.js";
import { sha256Digest } from "../digests.js";
import { MANIFEST_ACCEPT } from "../oci-manifest.js";
import type { RegistryClient } from "./client.js";
import { headerValue } from "./transport.js";

/** A blob to push: its digest and size are known before the upload (the PUT names them). */
export interface BlobToPush {
  readonly digest: Digest;
  readonly size: number;
  /** Opens the content afresh: a retried request must not send a drained stream. */
  readonly open: Buffer | (() => Readable);
}

const TAMPER_HINT = "the registry content is corrupt or was tampered with; retry, or report it to the registry's operator";

function pushScope(client: RegistryClient): string {
  return `repository:${client.ref.repository}:pull,push`;
}

function where(client: RegistryClient): string {
  return `${client.ref.registry}/${client.ref.repository}`;
}

/**
 * Uploads one blob unless the repository already holds it (HEAD first: a re-push of an unchanged
 * artifact sends nothing). The upload is monolithic, POST then one PUT with `?digest=` (OCI
 * distribution spec, "Pushing a blob monolithically"), so the registry verifies the digest itself.
 */
export async function pushBlob(client: RegistryClient, blob: BlobToPush, signal?: AbortSignal): Promise<"exists" | "uploaded"> {
  const scope = pushScope(client);
  const what = `blob ${where(client)}@${blob.digest}`;
  const path = `${client.ref.repository}/blobs/${blob.digest}`;
  const head = await client.send(path, { method: "HEAD" }, what, scope, signal);
  // `fail` reads the body for the registry's error, so it is dumped only on the way past.
  if (head.statusCode !== 200 && head.statusCode !== 404) return client.fail(head, what);
  await head.body.dump();
  if (head.statusCode === 200) return "exists";

  const start = await client.send(
    `${client.ref.repository}/blobs/uploads/`,
    { method: "POST", headers: { "content-length": "0" } },
    `upload of ${what}`,
    scope,
    signal,
  );
  if (start.statusCode !== 202) return client.fail(start, `upload of ${what}`);
  const location = headerValue(start.headers, "location");
  await start.body.dump();
  if (location === undefined)
    throw new FatalError("REGISTRY_ERROR", `upload of ${what}: the registry gave no upload location`, "the registry does not follow the OCI distribution spec");
  const url = new URL(location, await client.url("", signal));
  url.searchParams.set("digest", blob.digest);
  const put = await client.send(
    url,
    { method: "PUT", headers: { "content-type": "application/octet-stream", "content-length": String(blob.size) }, body: blob.open },
    `upload of ${what}`,
    scope,
    signal,
  );
  await (put.statusCode === 201 ? put.body.dump() : client.fail(put, `upload of ${what}`));
  return "uploaded";
}

/** PUTs a manifest under `tag` and returns its digest, checked against what the registry says it stored. */
export async function pushManifest(client: RegistryClient, tag: string, mediaType: string, bytes: Buffer, signal?: AbortSignal): Promise<Digest> {
  const digest = sha256Digest(bytes);
  const what = `manifest ${where(client)}:${tag}`;
  const res = await client.send(
    `${client.ref.repository}/manifests/${tag}`,
    { method: "PUT", headers: { "content-type": mediaType }, body: bytes },
    what,
    pushScope(client),
    signal,
  );
  if (res.statusCode !== 201) return client.fail(res, what);
  await res.body.dump();
  const stored = headerValue(res.headers, "docker-content-digest");
  if (stored !== undefined && stored !== digest) {
    throw new FatalError("DIGEST_MISMATCH", `${what}: the registry stored digest ${stored}, claro sent ${digest}`, TAMPER_HINT);
  }
  return digest;
}

/**
 * The digest a tag points at, from a HEAD request (no manifest body is read), or null when the
 * registry does not say (Docker-Content-Digest is optional): the caller then GETs and hashes.
 */
export async function headManifest(client: RegistryClient, reference: string, signal?: AbortSignal): Promise<Digest | null> {
  const what = `manifest ${where(client)}:${reference}`;
  const res = await client.send(
    `${client.ref.repository}/manifests/${reference}`,
    { method: "HEAD", headers: { accept: MANIFEST_ACCEPT.join(", ") } },
    what,
    client.scope,
    signal,
  );
  if (res.statusCode !== 200) return client.fail(res, what);
  await res.body.dump();
  const digest = headerValue(res.headers, "docker-content-digest");
  return digest !== undefined && isDigest(digest) ? digest : null;
}
