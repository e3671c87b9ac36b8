// Clair manifests for the server bench, built from the real layers the test registry serves.
import { createHash } from "node:crypto";

const ACCEPT = "application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json";

export interface ClairLayer {
  hash: string;
  uri: string;
  headers: Record<string, string[]>;
  media_type: string;
}
export interface ClairManifest {
  hash: string;
  layers: ClairLayer[];
}
/** A real layer list and the name it is reported under. */
export interface LayerSet {
  name: string;
  repo: string;
  layers: ClairLayer[];
}

/** The images the bench combines; each gives one or more distinct real layer lists. */
const IMAGES: readonly { repo: string; ref: string }[] = [
  { repo: "test/alpine", ref: "3.9.6" },
  { repo: "test/alpine-3.20.3", ref: "3.20.3" },
  { repo: "test/alpine-3.20.3", ref: "3.20.3-zstd" },
  { repo: "test/debian-bookworm", ref: "bookworm-multilayer" },
  { repo: "test/busybox-multiarch", ref: "multiarch" },
];

/** A pull token from the registry's token server (port + 1); they live 300 s. */
export async function pullToken(registry: string, repo: string): Promise<string> {
  const [host, port] = registry.split(":") as [string, string];
  // The token server closes idle keep-alive sockets; a request that lands on one is simply retried.
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await fetch(`http://${host}:${Number(port) + 1}/token?service=test-registry&scope=repository:${repo}:pull`);
      if (!res.ok) throw new Error(`token server: ${res.status} for ${repo}`);
      return ((await res.json()) as { token: string }).token;
    } catch (e) {
      if (attempt >= 3) throw e;
    }
  }
}

function layerMedia(type: string): string {
  if (type.endsWith("+zstd")) return "application/vnd.oci.image.layer.v1.tar+zstd";
  return "application/vnd.oci.image.layer.v1.tar+gzip";
}

async function registryManifest(registry: string, repo: string, ref: string, token: string): Promise<{ digest: string; mediaType: string }[]> {
  const get = async (
    r: string,
  ): Promise<{ manifests?: { digest: string; platform?: { architecture: string } }[]; layers?: { digest: string; mediaType: string }[] }> => {
    const res = await fetch(`http://${registry}/v2/${repo}/manifests/${r}`, { headers: { accept: ACCEPT, authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`registry: ${res.status} for ${repo}:${r}`);
    return (await res.json()) as Awaited<ReturnType<typeof get>>;
  };
  let doc = await get(ref);
  if (doc.manifests) doc = await get((doc.manifests.find((m) => m.platform?.architecture === "amd64") ?? doc.manifests[0]!).digest);
  return doc.layers ?? [];
}

/**
 * The distinct real layer lists: every image as pushed, plus each proper prefix of a multi-layer
 * image (a prefix is itself a valid image: its base plus the first k layers).
 */
export async function realLayerSets(registry: string): Promise<LayerSet[]> {
  const sets: LayerSet[] = [];
  for (const { repo, ref } of IMAGES) {
    const token = await pullToken(registry, repo);
    const layers = (await registryManifest(registry, repo, ref, token)).map((l) => ({
      hash: l.digest,
      uri: `http://${registry}/v2/${repo}/blobs/${l.digest}`,
      headers: {},
      media_type: layerMedia(l.mediaType),
    }));
    for (let k = 1; k <= layers.length; k++) {
      sets.push({ name: k === layers.length ? `${repo}:${ref}` : `${repo}:${ref}[0..${k - 1}]`, repo, layers: layers.slice(0, k) });
    }
  }
  return sets;
}

/** `count` manifests with distinct caller-given hashes, cycling over the real layer lists. */
export function benchManifests(sets: readonly LayerSet[], count: number): { manifest: ClairManifest; set: LayerSet }[] {
  return Array.from({ length: count }, (_, i) => {
    const set = sets[i % sets.length]!;
    const hash = `sha256:${createHash("sha256").update(`claro-bench-server/${set.name}/${i}`).digest("hex")}`;
    return { manifest: { hash, layers: set.layers }, set };
  });
}

/** The manifest with a fresh bearer token on every layer, as a Clair client sends it. */
export function withToken(m: ClairManifest, token: string): ClairManifest {
  return { hash: m.hash, layers: m.layers.map((l) => ({ ...l, headers: { Authorization: [`Bearer ${token}`] } })) };
}
