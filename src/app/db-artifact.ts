// `claro db push` / `claro db pull`: the `db export` bundle as an OCI 1.1 artifact. The CLI,
// `scan --db-repository` and `serve --db-repository` all go through these two functions.
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import { z } from "zod";
import type { Progress } from "../contracts/image-source.js";
import type { AdvisoryStore } from "../contracts/store.js";
import { isDigest, type Digest } from "../core/digest.js";
import { FatalError } from "../core/problem.js";
import {
  clientOptions,
  formatReference,
  headManifest,
  parseReference,
  pushBlob,
  pushManifest,
  RegistryClient,
  type RegistryOptions,
  type RegistryReference,
} from "../image/registry/index.js";
import { LATEST_SCHEMA_VERSION } from "../store/index.js";
import { importBundle, writeBundle } from "../updater/index.js";
import { openAdvisoryStore } from "./stores.js";

export const DB_ARTIFACT_TYPE = "application/vnd.claro.db.v1";
/** The layer is the `db export` bundle as is: gzip over NDJSON (docs/db-bundle.md), not a tar. */
export const DB_LAYER_TYPE = "application/vnd.claro.db.bundle.v1.ndjson+gzip";
export const OCI_MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";
/** OCI 1.1's empty config for artifacts: the two bytes `{}`. */
export const EMPTY_CONFIG = {
  mediaType: "application/vnd.oci.empty.v1+json",
  digest: "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a" as Digest,
  size: 2,
} as const;
export const SCHEMA_ANNOTATION = "dev.claro.db.schema-version";
export const CREATED_ANNOTATION = "org.opencontainers.image.created";
/** The metadata key recording the artifact a database was last pulled from. */
export const ARTIFACT_METADATA_KEY = "db-artifact";

const TAMPER_HINT =
  "the registry content is corrupt or was tampered with; the database was not changed. Push the database again or report it to the registry's operator";
const NOT_DB_HINT = "push it with `claro db push REF`; REF must name a claro database artifact, not an image";

export interface DbArtifactOptions {
  readonly registry?: RegistryOptions;
  readonly progress?: Progress;
  readonly signal?: AbortSignal;
}

export interface PushResult {
  readonly reference: string;
  readonly digest: Digest;
  readonly layer: { readonly digest: Digest; readonly size: number; readonly status: "exists" | "uploaded" };
  readonly updaters: number;
  readonly records: number;
}

export interface PulledArtifact {
  readonly repository: string;
  readonly digest: Digest;
  readonly pulledAt: string;
  /** The last time the registry was asked and the digest was the same (a skipped pull). */
  readonly checkedAt: string;
}

export type PullResult =
  | { readonly status: "up-to-date"; readonly digest: Digest }
  | {
      readonly status: "pulled";
      readonly digest: Digest;
      readonly layerSize: number;
      readonly updaters: number;
      readonly records: number;
      readonly createdAt: string;
    };

function clientFor(ref: RegistryReference, options: DbArtifactOptions): RegistryClient {
  return new RegistryClient(ref, clientOptions(ref.registry, options.registry ?? {}));
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "claro-db-artifact-"));
}

async function fileDigest(file: string): Promise<Digest> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return `sha256:${hash.digest("hex")}`;
}

/** `claro db push`: opens the database named by `db` (`--db`, else CLARO_DB, else the cache file), pushes it and closes it. */
export async function pushDatabaseFrom(db: string | undefined, reference: string, options: DbArtifactOptions = {}): Promise<PushResult> {
  const store = await openAdvisoryStore(db);
  try {
    return await pushDatabase(store, reference, options);
  } finally {
    await store.close();
  }
}

/** `claro db pull`: opens (creating and migrating) the database named by `db`, pulls into it and closes it. */
export async function pullDatabaseInto(
  db: string | undefined,
  reference: string,
  options: DbArtifactOptions & { readonly force?: boolean } = {},
): Promise<PullResult> {
  const store = await openAdvisoryStore(db);
  try {
    return await pullDatabase(store, reference, options);
  } finally {
    await store.close();
  }
}

/** Exports `store` and pushes it to `reference` (a tag; `latest` when none is given). */
export async function pushDatabase(store: AdvisoryStore, reference: string, options: DbArtifactOptions = {}): Promise<PushResult> {
  const ref = parseReference(reference);
  if (ref.digest !== null) {
    throw new FatalError("BAD_REFERENCE", `db push ${reference}: a push needs a tag, not a digest`, "e.g. claro db push registry.example.com/claro/db:latest");
  }
  const tag = ref.tag ?? "latest";
  const dir = tempDir();
  const client = clientFor(ref, options);
  try {
    const file = join(dir, "claro-db.ndjson.gz");
    const bundle = await writeBundle(store, file, { schemaVersion: LATEST_SCHEMA_VERSION, ...(options.progress ? { progress: options.progress } : {}) });
    const layer = { digest: await fileDigest(file), size: statSync(file).size };
    await pushBlob(client, { ...EMPTY_CONFIG, open: Buffer.from("{}") }, options.signal);
    const status = await pushBlob(client, { ...layer, open: () => createReadStream(file) }, options.signal);
    const manifest = {
      schemaVersion: 2,
      mediaType: OCI_MANIFEST_TYPE,
      artifactType: DB_ARTIFACT_TYPE,
      config: EMPTY_CONFIG,
      layers: [{ mediaType: DB_LAYER_TYPE, ...layer, annotations: { "org.opencontainers.image.title": "claro-db.ndjson.gz" } }],
      annotations: {
        [CREATED_ANNOTATION]: bundle.header.createdAt,
        [SCHEMA_ANNOTATION]: String(bundle.header.schemaVersion),
        "dev.claro.db.updaters": bundle.header.updaters.map((u) => u.updater).join(","),
      },
    };
    const digest = await pushManifest(client, tag, OCI_MANIFEST_TYPE, Buffer.from(JSON.stringify(manifest)), options.signal);
    return {
      reference: formatReference({ ...ref, tag }),
      digest,
      layer: { ...layer, status },
      updaters: bundle.header.updaters.length,
      records: bundle.records,
    };
  } finally {
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const descriptor = z.object({ mediaType: z.string(), digest: z.string().refine(isDigest), size: z.number().int().nonnegative() });
const dbManifest = z.object({
  schemaVersion: z.literal(2),
  mediaType: z.literal(OCI_MANIFEST_TYPE),
  artifactType: z.literal(DB_ARTIFACT_TYPE),
  config: descriptor.extend({ mediaType: z.literal(EMPTY_CONFIG.mediaType) }),
  layers: z.tuple([descriptor.extend({ mediaType: z.literal(DB_LAYER_TYPE) })]),
  annotations: z.record(z.string(), z.string()).optional(),
});

/** What the database recorded about its last pull; null when it never pulled (or the row is unreadable). */
export async function pulledArtifact(store: AdvisoryStore): Promise<PulledArtifact | null> {
  const raw = await store.metadata(ARTIFACT_METADATA_KEY);
  if (raw === null) return null;
  const parsed = z
    .object({ repository: z.string(), digest: z.string().refine(isDigest), pulledAt: z.string(), checkedAt: z.string() })
    .safeParse(JSON.parse(raw));
  return parsed.success ? { ...parsed.data, digest: parsed.data.digest as Digest } : null;
}

/**
 * Pulls `reference` into `store`. The registry is asked for the manifest digest first; when the
 * database already came from that digest nothing is downloaded. Otherwise the manifest and the
 * layer are verified (digest, size, media types) before the bundle is imported exactly as
 * `db import` does: only the updaters it holds are replaced, in one transaction.
 */
export async function pullDatabase(
  store: AdvisoryStore,
  reference: string,
  options: DbArtifactOptions & { readonly force?: boolean } = {},
): Promise<PullResult> {
  const ref = parseReference(reference);
  const repository = `${ref.registry}/${ref.repository}`;
  const client = clientFor(ref, options);
  const dir = tempDir();
  try {
    const wanted = ref.digest ?? (await headManifest(client, ref.tag ?? "latest", options.signal));
    const before = await pulledArtifact(store);
    const now = new Date().toISOString();
    if (!options.force && wanted !== null && before?.digest === wanted) {
      await record(store, { ...before, repository, checkedAt: now });
      return { status: "up-to-date", digest: wanted };
    }
    // With a digest from HEAD (or the reference), the GET is checked against it, not against a header.
    const fetched = await client.manifest(ref.digest ?? ref.tag ?? "latest", wanted, options.signal);
    const manifest = parseManifest(fetched.bytes, `${repository}@${fetched.digest}`);
    if (!options.force && before?.digest === fetched.digest) {
      await record(store, { ...before, repository, checkedAt: now });
      return { status: "up-to-date", digest: fetched.digest };
    }
    const schema = Number(manifest.annotations?.[SCHEMA_ANNOTATION] ?? "0");
    if (schema > LATEST_SCHEMA_VERSION) {
      throw new FatalError(
        "BUNDLE_INVALID",
        `${repository}@${fetched.digest} holds a database of schema ${schema}; this claro knows ${LATEST_SCHEMA_VERSION}`,
        "upgrade claro, or pull an artifact pushed by this version",
      );
    }
    const layer = manifest.layers[0];
    const file = join(dir, "claro-db.ndjson.gz");
    await download(client, { digest: layer.digest as Digest, size: layer.size }, file, options);
    const imported = await importBundle(store, file, { schemaVersion: LATEST_SCHEMA_VERSION, ...(options.progress ? { progress: options.progress } : {}) });
    // Recorded after the import's own transaction: a crash in between only means the next pull downloads again.
    await record(store, { repository, digest: fetched.digest, pulledAt: now, checkedAt: now });
    return {
      status: "pulled",
      digest: fetched.digest,
      layerSize: layer.size,
      updaters: imported.header.updaters.length,
      records: imported.records,
      createdAt: imported.header.createdAt,
    };
  } finally {
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `scan --db-repository` and `serve --db-repository`: pulls when the database is empty or was
 * last pulled (or checked, or updated) longer than `maxAgeMs` ago; null when it was fresh enough
 * to leave alone, so a scan within the period costs no registry round trip.
 */
export async function refreshDatabase(
  store: AdvisoryStore,
  reference: string,
  maxAgeMs: number,
  options: DbArtifactOptions = {},
  now = Date.now(),
): Promise<PullResult | null> {
  const status = await store.status();
  const pulled = await pulledArtifact(store);
  // A database filled by `db update` (no pull recorded) is as fresh as its newest run.
  const last =
    pulled?.checkedAt ??
    status
      .map((u) => u.lastRun.finishedAt)
      .sort()
      .at(-1);
  if (status.length > 0 && last !== undefined && now - Date.parse(last) <= maxAgeMs) return null;
  return pullDatabase(store, reference, options);
}

async function record(store: AdvisoryStore, artifact: PulledArtifact): Promise<void> {
  await store.setMetadata(ARTIFACT_METADATA_KEY, JSON.stringify(artifact));
}

function parseManifest(bytes: Buffer, what: string): z.infer<typeof dbManifest> {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString("utf8"));
  } catch {
    throw new FatalError("REGISTRY_ERROR", `${what}: the manifest is not JSON`, NOT_DB_HINT);
  }
  const parsed = dbManifest.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue?.path.join(".") ?? "";
    throw new FatalError(
      "UNSUPPORTED_MEDIA_TYPE",
      `${what} is not a claro database artifact (${at ? `${at}: ` : ""}${issue?.message ?? "unexpected shape"})`,
      NOT_DB_HINT,
    );
  }
  return parsed.data;
}

/** Streams the layer to `file`, hashing and counting as it goes; stops at the first byte past `size`. */
async function download(client: RegistryClient, layer: { digest: Digest; size: number }, file: string, options: DbArtifactOptions): Promise<void> {
  const what = `blob ${client.ref.registry}/${client.ref.repository}@${layer.digest}`;
  const hash = createHash("sha256");
  let seen = 0;
  const task = options.progress?.start("downloading database", layer.size, "bytes");
  const check = new Transform({
    transform(chunk: Buffer, _enc: string, done: TransformCallback) {
      seen += chunk.length;
      if (seen > layer.size) {
        done(new FatalError("DIGEST_MISMATCH", `${what}: more than the ${layer.size} bytes the manifest names`, TAMPER_HINT));
        return;
      }
      hash.update(chunk);
      task?.advance(chunk.length);
      done(null, chunk);
    },
  });
  await pipeline(await client.openBlob(layer.digest, options.signal), check, createWriteStream(file));
  task?.done();
  if (seen !== layer.size) {
    throw new FatalError("DIGEST_MISMATCH", `${what}: ${seen} bytes, the manifest names ${layer.size}`, TAMPER_HINT);
  }
  const actual = `sha256:${hash.digest("hex")}`;
  if (actual !== layer.digest) throw new FatalError("DIGEST_MISMATCH", `${what}: content has digest ${actual}`, TAMPER_HINT);
}
