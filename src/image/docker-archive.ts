import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import type { ImageSource, ResolveOptions } from "../contracts/image-source.js";
import type { Digest } from "../core/digest.js";
import type { LayerInfo, ResolvedImage } from "../core/image.js";
import { FatalError } from "../core/problem.js";
import { ArchiveIndex, type ArchiveMember } from "./archive-index.js";
import { detectCompression } from "./compression.js";
import { verifyBlob } from "./digests.js";
import { MEDIA_TYPES, parseJson } from "./oci-manifest.js";
import { layerHistory, toImageConfig } from "./oci-resolve.js";

const MAX_JSON = 8 << 20;

/** `docker.io/test/alpine:3.9.6` → `test/alpine`; `alpine:3` → `library/alpine`. */
export function repositoryOf(tag: string): string {
  let name = tag.split("@")[0]!;
  const colon = name.lastIndexOf(":");
  if (colon > name.lastIndexOf("/")) name = name.slice(0, colon);
  const parts = name.split("/");
  const first = parts[0]!;
  const hasDomain = parts.length > 1 && (first.includes(".") || first.includes(":") || first === "localhost");
  if (hasDomain && (first === "docker.io" || first === "index.docker.io" || first === "registry-1.docker.io")) parts.shift();
  else if (hasDomain) return name;
  return parts.length === 1 ? `library/${parts[0]}` : parts.join("/");
}

function sameTag(a: string, b: string): boolean {
  const norm = (t: string): string => {
    const tagged = t.lastIndexOf(":") > t.lastIndexOf("/") ? t : `${t}:latest`;
    const colon = tagged.lastIndexOf(":");
    return `${repositoryOf(tagged)}${tagged.slice(colon)}`;
  };
  return a === b || norm(a) === norm(b);
}

function mediaTypeFor(kind: "gzip" | "zstd" | "none"): string {
  return kind === "gzip" ? MEDIA_TYPES.dockerLayerGzip : kind === "zstd" ? MEDIA_TYPES.ociLayerZstd : MEDIA_TYPES.dockerLayer;
}

async function sha256Member(index: ArchiveIndex, m: ArchiveMember): Promise<Digest> {
  const hash = createHash("sha256");
  for await (const chunk of index.stream(m)) hash.update(chunk as Buffer);
  return `sha256:${hash.digest("hex")}`;
}

/** `docker save` output (`docker-archive:PATH[:REF]`), current and legacy layouts, read in place. */
class DockerArchiveSource implements ImageSource {
  readonly transport = "docker-archive";
  private index: Promise<ArchiveIndex> | null = null;
  private readonly layerMembers = new Map<Digest, ArchiveMember>();

  constructor(
    private readonly path: string,
    private readonly ref: string | undefined,
  ) {}

  private get what(): string {
    return `docker-archive:${this.path}${this.ref ? `:${this.ref}` : ""}`;
  }

  private archive(): Promise<ArchiveIndex> {
    return (this.index ??= ArchiveIndex.open(this.path));
  }

  async resolve(options: ResolveOptions): Promise<ResolvedImage> {
    void options;
    const index = await this.archive();
    const manifestBytes = await index.read("manifest.json", MAX_JSON);
    if (manifestBytes === undefined) {
      const hint = index.find("index.json")
        ? "this looks like an OCI layout; use oci-archive:"
        : "pre-1.10 `docker save` archives (no manifest.json) are not supported";
      throw new FatalError("ARCHIVE_CORRUPT", `${this.what}: no manifest.json in the archive`, hint);
    }
    const images = parseJson(manifestBytes, "dockerManifest", `${this.what}: manifest.json`);
    const tags = images.flatMap((i) => i.RepoTags ?? []);
    let chosen: (typeof images)[number] | undefined;
    if (this.ref) {
      const at = /^@(\d+)$/.exec(this.ref);
      chosen = at ? images[Number(at[1])] : images.find((i) => (i.RepoTags ?? []).some((t) => sameTag(t, this.ref!)));
      if (!chosen) {
        throw new FatalError(
          "IMAGE_NOT_FOUND",
          `${this.what}: no image tagged '${this.ref}'; tags: ${tags.length > 0 ? tags.join(", ") : "(none)"}`,
          "pick a listed tag, or @N for the N-th image",
        );
      }
    } else if (images.length === 1) {
      chosen = images[0]!;
    } else if (images.length === 0) {
      throw new FatalError("IMAGE_NOT_FOUND", `${this.what}: manifest.json lists no images`);
    } else {
      throw new FatalError(
        "AMBIGUOUS_IMAGE",
        `${this.what} holds ${images.length} images; name one with :TAG (tags: ${tags.join(", ") || "(none)"})`,
        "or use :@N for the N-th image",
      );
    }

    const configBytes = await index.read(chosen.Config, MAX_JSON);
    if (configBytes === undefined) throw new FatalError("ARCHIVE_CORRUPT", `${this.what}: config ${chosen.Config} is missing`);
    // The config file is named by its digest (`<hex>.json` or `blobs/sha256/<hex>`): check it.
    const hex = /([0-9a-f]{64})(\.json)?$/.exec(chosen.Config)?.[1];
    if (hex) verifyBlob(configBytes, `sha256:${hex}`, `${this.what}: config ${chosen.Config}`);
    const config = toImageConfig(configBytes, `${this.what}: config`);
    const diffIds = config.rootfs.diff_ids;
    if (diffIds.length !== chosen.Layers.length) {
      throw new FatalError("ARCHIVE_CORRUPT", `${this.what}: manifest.json lists ${chosen.Layers.length} layers but the config has ${diffIds.length} diff_ids`);
    }
    const createdBy = layerHistory(config);
    const layers: LayerInfo[] = [];
    for (const [i, name] of chosen.Layers.entries()) {
      const member = index.find(name);
      if (!member) throw new FatalError("ARCHIVE_CORRUPT", `${this.what}: layer ${name} is missing from the archive`);
      const kind = await this.sniff(index, member);
      const diffId = diffIds[i]!;
      const blobHex = /blobs\/sha256\/([0-9a-f]{64})$/.exec(member.name)?.[1];
      // Docker saves layers uncompressed, so the stored blob is the diff itself.
      const digest: Digest = kind === "none" ? diffId : blobHex ? `sha256:${blobHex}` : await sha256Member(index, member);
      this.layerMembers.set(digest, member);
      layers.push({ digest, diffId, mediaType: mediaTypeFor(kind), size: member.size, createdBy: createdBy[i] ?? null });
    }
    const repoTag = chosen.RepoTags?.[0];
    return {
      ref: this.what,
      digest: null,
      indexDigest: null,
      repository: repoTag ? repositoryOf(repoTag) : null,
      platform: config.variant
        ? { os: config.os, architecture: config.architecture, variant: config.variant }
        : { os: config.os, architecture: config.architecture },
      config,
      layers,
    };
  }

  private async sniff(index: ArchiveIndex, member: ArchiveMember): Promise<"gzip" | "zstd" | "none"> {
    const s = index.stream({ ...member, size: Math.min(member.size, 4) });
    const chunks: Buffer[] = [];
    for await (const c of s) chunks.push(c as Buffer);
    return detectCompression(Buffer.concat(chunks));
  }

  async openLayer(layer: LayerInfo): Promise<Readable> {
    const index = await this.archive();
    const member = this.layerMembers.get(layer.digest);
    if (!member)
      throw new FatalError("IMAGE_NOT_FOUND", `${this.what}: layer ${layer.digest} is not in this archive`, "resolve the image before opening its layers");
    return index.stream(member);
  }

  async close(): Promise<void> {}
}

export function createDockerArchiveSource(path: string, ref?: string): ImageSource {
  return new DockerArchiveSource(path, ref);
}
