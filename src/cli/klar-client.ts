import { FatalError } from "../core/problem.js";
import { isLoopback, parseReference, pullAuthHeader, type RegistryOptions } from "../image/registry/index.js";
import { resolveRegistryImage } from "../image/registry/registry-source.js";

export interface KlarImage {
  /** `host[:port]` of the registry and the repository inside it. */
  readonly registry: string;
  readonly repository: string;
  readonly configDigest: string;
  /** Layer blob digests, base first, empty-layer blobs dropped. */
  readonly layers: readonly string[];
  readonly authorization: string | null;
  readonly scheme: "http" | "https";
}

/** Docker's empty tar layer (schema1 leftovers); Klar drops it. */
const EMPTY_LAYER = "sha256:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46a4";

/**
 * Fetches the image manifest as Klar does (manifest or list by tag, platform pick, config and
 * layer digests), through the one registry client: each manifest and the config are checked
 * against their digests (a mismatch is DIGEST_MISMATCH, exit 2) and their schemas, the platform
 * is picked with variant normalisation, credentials also come from docker's config, and every
 * redirect hop is vetted. The layers themselves are fetched, and verified, by the Clair server.
 */
export async function fetchKlarImage(
  image: string,
  options: RegistryOptions & { readonly os: string; readonly arch: string; readonly timeoutMs: number },
): Promise<KlarImage> {
  const ref = parseReference(image);
  // The whole request, not only its silences, is bounded by DOCKER_TIMEOUT.
  const registry: RegistryOptions = { ...options, timeouts: { ...options.timeouts, totalMs: options.timeoutMs } };
  const authorization = await pullAuthHeader(image, registry, AbortSignal.timeout(options.timeoutMs));
  const scheme = options.insecure || isLoopback(ref.registry) ? "http" : "https";
  const { image: resolved, configDigest } = await resolveRegistryImage(image, registry, {
    platform: { os: options.os, architecture: options.arch },
    signal: AbortSignal.timeout(options.timeoutMs),
  });
  if (resolved.layers.length === 0) throw new FatalError("REGISTRY_ERROR", `${image}: the image has no layers`);
  return {
    registry: ref.registry,
    repository: ref.repository,
    configDigest,
    layers: resolved.layers.map((l) => l.digest).filter((d) => d !== EMPTY_LAYER),
    authorization,
    scheme,
  };
}

export interface ClairV2Vulnerability {
  readonly Name: string;
  readonly NamespaceName?: string;
  readonly Description?: string;
  readonly Link?: string;
  readonly Severity: string;
  readonly FixedBy?: string;
  readonly Metadata?: unknown;
  FeatureName?: string;
  FeatureVersion?: string;
}
export interface ClairV2Feature {
  readonly Name: string;
  readonly NamespaceName?: string;
  readonly Version: string;
  readonly AddedBy?: string;
  readonly Vulnerabilities?: readonly ClairV2Vulnerability[];
}

const hex = (d: string): string => d.replace(/^sha256:/, "");

/** Klar's layer names: config digest hex followed by the layer digest hex. */
export function klarLayerNames(img: KlarImage): string[] {
  return img.layers.map((l) => hex(img.configDigest) + hex(l));
}

/** Clair's `{"Error":{"Message"}}` or the raw body, for error messages. */
async function clairError(res: Response): Promise<string> {
  const text = await res.text();
  try {
    const doc = JSON.parse(text) as { Error?: { Message?: string } };
    return doc.Error?.Message ?? text;
  } catch {
    return text.slice(0, 200);
  }
}

/** Klar's protocol: POST each layer base→top with its parent, then GET the top `?vulnerabilities`. */
export async function analyseWithClair(clairAddr: string, img: KlarImage, timeoutMs: number): Promise<ClairV2Feature[]> {
  const names = klarLayerNames(img);
  for (const [i, digest] of img.layers.entries()) {
    const layer = {
      Name: names[i],
      Path: `${img.scheme}://${img.registry}/v2/${img.repository}/blobs/${digest}`,
      ...(i > 0 ? { ParentName: names[i - 1] } : {}),
      Format: "Docker",
      ...(img.authorization ? { Headers: { Authorization: img.authorization } } : {}),
    };
    const res = await clairFetch(
      `${clairAddr}/v1/layers`,
      { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ Layer: layer }) },
      timeoutMs,
    );
    if (res.status !== 201) throw new FatalError("NETWORK", `Clair refused layer ${i + 1}/${names.length} (HTTP ${res.status}): ${await clairError(res)}`);
    await res.body?.cancel();
  }
  const top = names[names.length - 1];
  if (top === undefined) throw new FatalError("REGISTRY_ERROR", "the image has no layers");
  const res = await clairFetch(`${clairAddr}/v1/layers/${top}?vulnerabilities`, {}, timeoutMs);
  if (res.status !== 200) throw new FatalError("NETWORK", `Clair could not report layer ${top} (HTTP ${res.status}): ${await clairError(res)}`);
  const doc = (await res.json()) as { Layer?: { Features?: ClairV2Feature[] } };
  if (doc.Layer === undefined) throw new FatalError("NETWORK", "Clair answered without a Layer");
  return doc.Layer.Features ?? [];
}

async function clairFetch(url: string, init: RequestInit, timeoutMs: number): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    const cause = e instanceof Error && e.cause instanceof Error ? `: ${e.cause.message}` : "";
    throw new FatalError("NETWORK", `cannot reach Clair at ${new URL(url).host}${cause}`, "check CLAIR_ADDR");
  }
}
