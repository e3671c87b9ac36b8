import type { LookupAddress } from "node:dns";
import { Readable, Transform } from "node:stream";
import { Agent, request } from "undici";
import type { ImageSource, ResolveOptions } from "../contracts/image-source.js";
import type { Digest } from "../core/digest.js";
import type { LayerInfo, ResolvedImage } from "../core/image.js";
import { FatalError, isFatalError } from "../core/problem.js";
import { checkHopLimit, headersForHop, redirectTarget } from "./redirect.js";
import { checkUrl, systemResolver, type Resolver, type UrlPolicy } from "./url-guard.js";

/** A Clair v4 manifest body (validated at the HTTP boundary). */
export interface ClairManifest {
  readonly hash: Digest;
  readonly layers: readonly {
    readonly hash: Digest;
    readonly uri: string;
    readonly headers?: Readonly<Record<string, readonly string[]>>;
    readonly media_type?: string;
  }[];
}

export interface LayerFetchLimits {
  /** Largest layer blob, in bytes (FILE_TOO_LARGE beyond it). */
  readonly maxLayerBytes: number;
  /** Time for one layer, from request to last byte (TIMEOUT beyond it). */
  readonly layerTimeoutMs: number;
}

/**
 * One HTTP GET, connecting only to `addresses` (already vetted), never following a redirect (the
 * caller vets each hop). Injectable so tests can prove no connection is made.
 */
export type LayerFetch = (
  url: URL,
  headers: Record<string, string>,
  addresses: readonly { address: string; family: number }[],
  signal: AbortSignal,
) => Promise<{ statusCode: number; contentLength: number | null; body: Readable; location?: string | undefined }>;

export interface ClairSourceOptions extends LayerFetchLimits {
  readonly policy: UrlPolicy;
  readonly resolver?: Resolver;
  readonly fetch?: LayerFetch;
}

export const DEFAULT_LAYER_MEDIA_TYPE = "application/vnd.oci.image.layer.v1.tar+gzip";

/**
 * An image described by a Clair manifest. There is no image config, so the uncompressed digests
 * (diffIds) are unknown: each layer's `diffId` is its blob `hash`, and that is the digest findings
 * and packages name as their `layer` (Clair's `introduced_in` is the blob hash too). The blob's
 * digest is verified by the layer walk as it streams.
 */
export function createClairManifestSource(manifest: ClairManifest, options: ClairSourceOptions): ImageSource {
  const fetchLayer = options.fetch ?? undiciFetch;
  const byDigest = new Map(manifest.layers.map((l) => [l.hash, l] as const));

  async function resolve(opts: ResolveOptions): Promise<ResolvedImage> {
    // Every uri is vetted before the first fetch, so a bad manifest fails before any traffic.
    for (const l of manifest.layers) await checkUrl(l.uri, options.policy, options.resolver ?? systemResolver);
    return {
      ref: `clair:${manifest.hash}`,
      digest: manifest.hash,
      indexDigest: null,
      repository: null,
      platform: opts.platform,
      config: null,
      layers: manifest.layers.map((l): LayerInfo => ({
        digest: l.hash,
        diffId: l.hash,
        mediaType: l.media_type ?? DEFAULT_LAYER_MEDIA_TYPE,
        size: null,
        createdBy: null,
      })),
    };
  }

  async function openLayer(layer: LayerInfo, signal?: AbortSignal): Promise<Readable> {
    const spec = byDigest.get(layer.digest);
    if (spec === undefined) throw new FatalError("LAYER_CORRUPT", `layer ${layer.digest} is not in manifest ${manifest.hash}`);
    const resolver = options.resolver ?? systemResolver;
    let { url, addresses } = await checkUrl(spec.uri, options.policy, resolver);
    const timeout = AbortSignal.timeout(options.layerTimeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let headers = Object.fromEntries(Object.entries(spec.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v.join(", ")]));
    let res;
    try {
      // Registries redirect blobs to storage; each hop passes the same guard as the layer uri.
      for (let hop = 0; ; hop++) {
        res = await fetchLayer(url, headers, addresses, combined);
        const next = redirectTarget(res.statusCode, res.location, url, `fetching layer ${layer.digest} from ${url.host}`);
        if (next === null) break;
        res.body.on("error", () => undefined).destroy();
        checkHopLimit(hop, `fetching layer ${layer.digest}`);
        headers = headersForHop(headers, url, next);
        ({ url, addresses } = await checkUrl(next.href, options.policy, resolver, `layer ${layer.digest}: redirect target`));
      }
    } catch (e) {
      throw timeout.aborted
        ? timedOut(layer, options)
        : isFatalError(e)
          ? e
          : new FatalError("NETWORK", `fetching layer ${layer.digest} from ${url.host} failed: ${message(e)}`, undefined, { cause: e });
    }
    if (res.statusCode !== 200) {
      res.body.resume();
      throw new FatalError(
        res.statusCode === 404 ? "REGISTRY_NOT_FOUND" : res.statusCode === 401 || res.statusCode === 403 ? "REGISTRY_UNAUTHORIZED" : "REGISTRY_ERROR",
        `fetching layer ${layer.digest} from ${url.host}: HTTP ${res.statusCode}`,
      );
    }
    // Destroying an unfinished undici body emits AbortError: without a listener that is an
    // uncaught exception, and one corrupt layer posted by a client would kill the server.
    if (res.contentLength !== null && res.contentLength > options.maxLayerBytes) {
      res.body.on("error", () => undefined).destroy();
      throw tooLarge(layer, options);
    }
    const limited = limitBytes(layer, options, timeout);
    // pipe() does not forward a source error (a connection reset) to the reader.
    res.body.on("error", (e) => limited.destroy(e));
    return res.body.pipe(limited).on("close", () => res.body.destroy());
  }

  return { transport: "clair", resolve, openLayer, close: async () => undefined };
}

/** Counts bytes and fails the stream at the size limit or when the per-layer timer fires. */
function limitBytes(layer: LayerInfo, limits: LayerFetchLimits, timeout: AbortSignal): Transform {
  let seen = 0;
  const t = new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > limits.maxLayerBytes) return done(tooLarge(layer, limits));
      done(null, chunk);
    },
  });
  const onAbort = (): void => void t.destroy(timedOut(layer, limits));
  timeout.addEventListener("abort", onAbort, { once: true });
  t.on("close", () => timeout.removeEventListener("abort", onAbort));
  return t;
}

function tooLarge(layer: LayerInfo, limits: LayerFetchLimits): FatalError {
  return new FatalError(
    "FILE_TOO_LARGE",
    `layer ${layer.digest} exceeds the ${limits.maxLayerBytes}-byte layer limit`,
    "raise the server's maxLayerBytes if the layer is legitimate",
  );
}

function timedOut(layer: LayerInfo, limits: LayerFetchLimits): FatalError {
  return new FatalError(
    "TIMEOUT",
    `layer ${layer.digest} was not fetched within ${limits.layerTimeoutMs} ms`,
    "raise the server's layerTimeout or check the registry",
  );
}

const undiciFetch: LayerFetch = async (url, headers, addresses, signal) => {
  // The agent connects only to the vetted addresses: DNS is not asked again.
  const lookup = (_host: string, opts: { all?: boolean }, cb: (err: Error | null, address: string | LookupAddress[], family?: number) => void): void => {
    const first = addresses[0]!;
    if (opts.all)
      cb(
        null,
        addresses.map((a) => ({ address: a.address, family: a.family })),
      );
    else cb(null, first.address, first.family);
  };
  const dispatcher = new Agent({ connect: { lookup } });
  // undici.request never follows redirects: the caller vets and pins each hop itself.
  const res = await request(url, { method: "GET", headers, signal, dispatcher });
  const length = Number(res.headers["content-length"]);
  const body = res.body as unknown as Readable;
  body.on("close", () => void dispatcher.close().catch(() => undefined));
  const location = res.headers["location"];
  return {
    statusCode: res.statusCode,
    contentLength: Number.isFinite(length) ? length : null,
    body,
    location: Array.isArray(location) ? location[0] : location,
  };
};

function message(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split("\n")[0] ?? "";
}
