import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import type { ImageSource } from "../../contracts/image-source.js";
import type { Digest } from "../../core/digest.js";
import type { LayerInfo, ResolvedImage } from "../../core/image.js";
import { FatalError, isFatalError } from "../../core/problem.js";
import type { IndexReport } from "../../core/report.js";
import { createClairManifestSource } from "../../image/clair-manifest-source.js";
import { decodeExtract, encodeExtract, extractLayer, treeFromExtracts, type LayerExtract } from "../../image/layer-extract.js";
import { indexSource } from "../../app/inventory.js";
import { createLayerCache } from "../../indexer/layer-cache.js";
import type { V2Layer, V2LayerStore } from "../../contracts/v2-layer-store.js";
import type { IndexSettings, ServerDeps } from "../index-service.js";

/** Clair v2.0.1's worker engine version, which Klar and others read back as `IndexedByVersion`. */
export const INDEXED_BY_VERSION = 3;

/** An expected v2 failure: HTTP status and the message of the `{"Error":{"Message"}}` envelope. */
export class V2Error extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface V2Context {
  readonly deps: ServerDeps;
  readonly layers: V2LayerStore;
  readonly settings: IndexSettings;
}

export interface PostLayerInput {
  readonly Name: string;
  readonly Path: string;
  readonly Headers?: Readonly<Record<string, string>>;
  readonly ParentName?: string;
  readonly Format: string;
}

const PLATFORM = { os: "linux", architecture: "amd64" } as const;
const BLOB = /\/blobs\/(sha256:[0-9a-f]{64})$/;

/** Layers in trees are named by a digest of their v2 name, so packages' `layer` maps back to a name. */
export function layerDiffId(name: string): Digest {
  return `sha256:${createHash("sha256").update(`claro-v2-layer\u0000${name}`).digest("hex")}` as Digest;
}

function chainImage(names: readonly string[]): ResolvedImage {
  return {
    ref: `clair-v2:${names[names.length - 1] ?? ""}`,
    digest: null,
    indexDigest: null,
    repository: null,
    platform: PLATFORM,
    config: null,
    layers: names.map((n): LayerInfo => ({
      digest: layerDiffId(n),
      diffId: layerDiffId(n),
      mediaType: "application/vnd.docker.image.rootfs.diff.tar.gzip",
      size: null,
      createdBy: null,
    })),
  };
}

/** Indexes a chain whose extracts are known, plus optionally one layer read now; nothing else is fetched. */
async function indexChain(
  ctx: V2Context,
  known: readonly { name: string; extract: LayerExtract }[],
  fresh: { name: string; info: LayerInfo; verify: boolean; open: () => Promise<Readable> } | null,
): Promise<{ report: IndexReport; freshExtract: LayerExtract | null }> {
  const names = [...known.map((k) => k.name), ...(fresh ? [fresh.name] : [])];
  const image = chainImage(names);
  let freshExtract: LayerExtract | null = null;
  const source: ImageSource = {
    transport: "clair-v2",
    resolve: async () => image,
    openLayer: async () => {
      throw new FatalError("LAYER_CORRUPT", "stored v2 layers are never fetched again");
    },
    close: async () => undefined,
  };
  const { report } = await indexSource(source, {
    platform: PLATFORM,
    scanners: ctx.deps.scanners,
    maxFileSize: ctx.settings.maxFileSize,
    buildTree: async (_src, _img, opts) => {
      const layers = known.map((k) => ({ diffId: layerDiffId(k.name), extract: k.extract }));
      if (fresh) {
        const req = {
          wants: opts.wants,
          maxFileSize: opts.maxFileSize,
          label: `layer ${fresh.name.slice(0, 24)}`,
          ...(opts.probes ? { probes: opts.probes } : {}),
        };
        // A blob named by its digest is verified against it, so it may share the content-addressed
        // extracts of Clair v4 manifests: the same base layer under another v2 name is not fetched again.
        const cache =
          fresh.verify && ctx.deps.layerExtracts
            ? createLayerCache({ store: ctx.deps.layerExtracts, scanners: [...ctx.deps.scanners.distribution, ...ctx.deps.scanners.package] })
            : null;
        if (cache !== null && cache.covers(opts.wants, opts.probes)) {
          const record = (await cache.lookup([fresh.info.digest])).get(fresh.info.digest);
          freshExtract = (await cache.extract(fresh.info, record, fresh.open, req)).extract;
        } else {
          freshExtract = await extractLayer(await fresh.open(), fresh.info, { ...req, verifyDigest: fresh.verify });
        }
        layers.push({ diffId: layerDiffId(fresh.name), extract: freshExtract });
      }
      return treeFromExtracts(layers, opts.wants);
    },
  });
  return { report, freshExtract };
}

/** The OS namespace the matchers query for this report (e.g. `debian:12`); "" when no OS was found. */
export function reportNamespace(ctx: V2Context, report: IndexReport): string {
  const d = report.distribution;
  if (d === null) return "";
  for (const pkg of report.packages) {
    for (const m of ctx.deps.matchers) {
      if (!m.handles(pkg, d)) continue;
      const ns = m.queries(pkg, d)[0]?.namespace;
      if (ns !== undefined && ns.startsWith(`${d.id}:`)) return ns;
    }
  }
  return `${d.id}:${d.versionId}`;
}

const DOWNLOAD_CODES = new Set(["REGISTRY_NOT_FOUND", "REGISTRY_UNAUTHORIZED", "REGISTRY_ERROR", "NETWORK", "TIMEOUT", "URL_FORBIDDEN"]);

/**
 * POST /v1/layers: downloads and reads the layer synchronously, stores its extract. A layer whose
 * chain has no detectable OS is stored anyway, with an empty namespace and the reason, so its
 * children still index (Clair v2 refused it with 422 and broke the chain: klar#57).
 */
export async function postLayer(ctx: V2Context, input: PostLayerInput): Promise<V2Layer> {
  const parentName = input.ParentName ?? "";
  if (input.Format !== "Docker") throw new V2Error(422, `worker: layer format ${JSON.stringify(input.Format)} is not supported (only "Docker")`);
  const ancestors = parentName === "" ? [] : await ctx.layers.chain(parentName);
  if (parentName !== "" && ancestors.length === 0) throw new V2Error(400, "worker: parent layer is unknown, it must be processed first");
  const blob = BLOB.exec(input.Path.split(/[?#]/)[0] ?? "")?.[1] as Digest | undefined;
  const hash = blob ?? layerDiffId(input.Name);
  const auth = input.Headers?.["Authorization"] ?? input.Headers?.["authorization"];
  const fetcher = createClairManifestSource(
    { hash, layers: [{ hash, uri: input.Path, ...(auth ? { headers: { Authorization: [auth] } } : {}) }] },
    { policy: ctx.settings.urlPolicy, maxLayerBytes: ctx.settings.maxLayerBytes, layerTimeoutMs: ctx.settings.layerTimeoutMs },
  );
  const info: LayerInfo = { digest: hash, diffId: hash, mediaType: "application/vnd.docker.image.rootfs.diff.tar.gzip", size: null, createdBy: null };
  let result;
  try {
    const known = ancestors.map((a) => ({ name: a.name, extract: decodeExtract(a.extract) }));
    result = await indexChain(ctx, known, { name: input.Name, info, verify: blob !== undefined, open: () => fetcher.openLayer(info) });
  } catch (e) {
    if (!isFatalError(e)) throw e;
    if (DOWNLOAD_CODES.has(e.code)) throw new V2Error(400, `worker: could not download layer: ${e.message}`);
    if (e.code === "DB_ERROR") throw e;
    throw new V2Error(422, `worker: could not extract the layer: ${e.message}`);
  } finally {
    await fetcher.close();
  }
  const { report, freshExtract } = result;
  const namespace = reportNamespace(ctx, report);
  const error =
    namespace === ""
      ? `no operating system detected in this layer or its parents (no os-release); ${report.packages.length} package(s) found, OS packages cannot be matched without a namespace`
      : null;
  const layer: V2Layer = {
    name: input.Name,
    parentName: parentName === "" ? null : parentName,
    path: input.Path,
    namespace,
    format: input.Format,
    indexedByVersion: INDEXED_BY_VERSION,
    extract: encodeExtract(freshExtract ?? { wants: [], entries: [] }),
    error,
  };
  await ctx.layers.put(layer);
  return layer;
}

/** The index of a stored layer's whole ancestry, rebuilt from stored extracts. Null when unknown. */
export async function layerIndex(ctx: V2Context, name: string): Promise<{ chain: readonly V2Layer[]; report: IndexReport } | null> {
  const chain = await ctx.layers.chain(name);
  if (chain.length === 0) return null;
  const { report } = await indexChain(
    ctx,
    chain.map((l) => ({ name: l.name, extract: decodeExtract(l.extract) })),
    null,
  );
  return { chain, report };
}
