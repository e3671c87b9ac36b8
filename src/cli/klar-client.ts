import { FatalError, isFatalError } from "../core/problem.js";
import { DEFAULT_RETRY, DEFAULT_TIMEOUTS, guardFor, isLoopback, parseReference, pullAuthHeader, Transport, type RegistryOptions } from "../image/registry/index.js";

const ACCEPT = [
  "application/vnd.docker.distribution.manifest.v2+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.oci.image.index.v1+json",
].join(", ");

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

interface ManifestDoc {
  readonly manifests?: readonly { readonly digest: string; readonly platform?: { readonly os?: string; readonly architecture?: string } }[];
  readonly config?: { readonly digest: string };
  readonly layers?: readonly { readonly digest: string }[];
}

/** Docker's empty tar layer (schema1 leftovers); Klar drops it. */
const EMPTY_LAYER = "sha256:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46a4";

/** Fetches the image manifest as Klar does: manifest (list) by tag, platform pick, config and layer digests. */
export async function fetchKlarImage(image: string, options: RegistryOptions & { readonly os: string; readonly arch: string; readonly timeoutMs: number }): Promise<KlarImage> {
  const ref = parseReference(image);
  const authorization = await pullAuthHeader(image, options, AbortSignal.timeout(options.timeoutMs));
  const scheme = options.insecure || isLoopback(ref.registry) ? "http" : "https";
  // The registry's transport, not fetch: each redirect hop is vetted (no metadata addresses) and
  // the whole request, not only its silences, is bounded by DOCKER_TIMEOUT.
  const transport = new Transport({ ...DEFAULT_TIMEOUTS, totalMs: options.timeoutMs }, DEFAULT_RETRY, options.insecure ?? false, undefined, guardFor(options));
  const get = async (what: string): Promise<ManifestDoc> => {
    const url = new URL(`${scheme}://${ref.registry}/v2/${ref.repository}/manifests/${what}`);
    const res = await transport.send({ url, headers: { accept: ACCEPT, ...(authorization ? { authorization } : {}) } }, `manifest ${ref.registry}/${ref.repository}:${what}`).catch((e: unknown) => {
      if (isFatalError(e) && e.code !== "NETWORK") throw e;
      throw new FatalError("NETWORK", `cannot reach registry ${ref.registry}: ${e instanceof Error ? e.message : String(e)}`);
    });
    if (res.statusCode < 200 || res.statusCode > 299) await res.body.dump();
    if (res.statusCode === 404) throw new FatalError("REGISTRY_NOT_FOUND", `${ref.registry}/${ref.repository}:${what} not found`);
    if (res.statusCode === 401 || res.statusCode === 403) throw new FatalError("REGISTRY_UNAUTHORIZED", `registry ${ref.registry} refused the manifest (HTTP ${res.statusCode})`, "set DOCKER_USER and DOCKER_PASSWORD");
    if (res.statusCode < 200 || res.statusCode > 299) throw new FatalError("REGISTRY_ERROR", `registry ${ref.registry}: manifest HTTP ${res.statusCode}`);
    return (await res.body.json()) as ManifestDoc;
  };
  let doc: ManifestDoc;
  try {
    doc = await get(ref.digest ?? ref.tag ?? "latest");
    if (doc.manifests !== undefined) {
      const pick = doc.manifests.find((m) => m.platform?.os === options.os && m.platform.architecture === options.arch);
      if (pick === undefined) throw new FatalError("REGISTRY_NOT_FOUND", `no ${options.os}/${options.arch} image in the manifest list of ${image}`, "set DOCKER_PLATFORM_OS / DOCKER_PLATFORM_ARCH");
      doc = await get(pick.digest);
    }
  } finally {
    await transport.close();
  }
  if (doc.config === undefined || doc.layers === undefined) throw new FatalError("REGISTRY_ERROR", `${image}: unsupported manifest (no config or layers)`);
  return {
    registry: ref.registry,
    repository: ref.repository,
    configDigest: doc.config.digest,
    layers: doc.layers.map((l) => l.digest).filter((d) => d !== EMPTY_LAYER),
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
    const res = await clairFetch(`${clairAddr}/v1/layers`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ Layer: layer }) }, timeoutMs);
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
