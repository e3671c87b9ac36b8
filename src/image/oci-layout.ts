import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { join, resolve as resolvePath } from "node:path";
import type { Readable } from "node:stream";
import type { ImageSource, ResolveOptions } from "../contracts/image-source.js";
import { digestHex, type Digest } from "../core/digest.js";
import type { LayerInfo, ResolvedImage } from "../core/image.js";
import { FatalError } from "../core/problem.js";
import { ArchiveIndex } from "./archive-index.js";
import { verifyBlob } from "./digests.js";
import { indexSchema, parseJson, REF_NAME_ANNOTATION, type Descriptor } from "./oci-manifest.js";
import { resolveFromRoot, type ManifestFetcher } from "./oci-resolve.js";

/** Index, manifests and configs are small; anything bigger is not what it claims to be. */
const MAX_JSON = 8 << 20;

/** Files of an OCI layout, whether a directory or a tar of one. */
interface LayoutFiles {
  read(rel: string): Promise<Buffer | undefined>;
  open(rel: string): Promise<Readable | undefined>;
}

function dirFiles(dir: string): LayoutFiles {
  return {
    async read(rel) {
      try {
        const fh = await open(join(dir, rel), "r");
        try {
          const { size } = await fh.stat();
          if (size > MAX_JSON) throw new FatalError("ARCHIVE_CORRUPT", `${dir}: ${rel} is ${size} bytes, too large for metadata`);
          return await fh.readFile();
        } finally {
          await fh.close();
        }
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw e;
      }
    },
    async open(rel) {
      const p = join(dir, rel);
      try {
        await stat(p);
      } catch {
        return undefined;
      }
      return createReadStream(p, { highWaterMark: 1 << 20 });
    },
  };
}

function archiveFiles(index: ArchiveIndex): LayoutFiles {
  return {
    read: (rel) => index.read(rel, MAX_JSON),
    open: async (rel) => {
      const m = index.find(rel);
      return m ? index.stream(m) : undefined;
    },
  };
}

function blobPath(d: Digest): string {
  return `blobs/sha256/${digestHex(d)}`;
}

function refsOf(manifests: readonly Descriptor[]): string[] {
  return manifests.map((d) => d.annotations?.[REF_NAME_ANNOTATION]).filter((r): r is string => r !== undefined);
}

/** The shared reader behind `oci:` and `oci-archive:`. */
class OciLayoutSource implements ImageSource {
  constructor(
    readonly transport: "oci" | "oci-archive",
    private readonly location: string,
    private readonly ref: string | null,
    private readonly files: () => Promise<LayoutFiles>,
  ) {}

  private get what(): string {
    return `${this.transport}:${this.location}${this.ref === null ? "" : `:${this.ref}`}`;
  }

  private async blob(files: LayoutFiles, d: Descriptor): Promise<Buffer> {
    const bytes = await files.read(blobPath(d.digest));
    if (bytes === undefined) throw new FatalError("ARCHIVE_CORRUPT", `${this.what}: blob ${d.digest} is missing from the layout`);
    return bytes;
  }

  async resolve(options: ResolveOptions): Promise<ResolvedImage> {
    const files = await this.files();
    const indexBytes = await files.read("index.json");
    if (indexBytes === undefined) {
      throw new FatalError("ARCHIVE_CORRUPT", `${this.what}: no index.json, so this is not an OCI layout`, "use docker-archive: for `docker save` output");
    }
    const index = parseJson(indexBytes, indexSchema, `${this.what}: index.json`);
    const refs = refsOf(index.manifests);
    const fetcher: ManifestFetcher = { manifest: (d) => this.blob(files, d), blob: (d) => this.blob(files, d) };
    const ctx = { ref: this.what, repository: null, platform: options.platform, what: this.what };
    let chosen: Descriptor | undefined;
    if (this.ref !== null) {
      const want = this.ref.replace(/^@/, "");
      chosen = index.manifests.find((d) => d.annotations?.[REF_NAME_ANNOTATION] === this.ref) ?? index.manifests.find((d) => d.digest === want);
      if (!chosen) {
        throw new FatalError("IMAGE_NOT_FOUND", `${this.what}: no image with ref '${this.ref}'; refs: ${refs.length > 0 ? refs.join(", ") : "(none)"}`, "pick one of the listed refs");
      }
    } else if (index.manifests.length === 1) {
      chosen = index.manifests[0]!;
    } else if (index.manifests.length === 0) {
      throw new FatalError("IMAGE_NOT_FOUND", `${this.what}: the layout holds no images`);
    } else if (refs.length === 0 && index.manifests.every((d) => d.platform !== undefined)) {
      // index.json itself is a multi-platform index: select from it directly.
      return resolveFromRoot(fetcher, { bytes: indexBytes, digest: null, mediaType: index.mediaType ?? null }, ctx);
    } else {
      throw new FatalError(
        "AMBIGUOUS_IMAGE",
        `${this.what} holds ${index.manifests.length} images; name one with :REF (refs: ${refs.length > 0 ? refs.join(", ") : "(none)"})`,
        `for example ${this.transport}:${this.location}:${refs[0] ?? "REF"}`,
      );
    }
    const bytes = await this.blob(files, chosen);
    verifyBlob(bytes, chosen.digest, `${this.what}: manifest ${chosen.digest}`);
    return resolveFromRoot(fetcher, { bytes, digest: chosen.digest, mediaType: chosen.mediaType ?? null }, ctx);
  }

  async openLayer(layer: LayerInfo): Promise<Readable> {
    const files = await this.files();
    const s = await files.open(blobPath(layer.digest));
    if (!s) throw new FatalError("ARCHIVE_CORRUPT", `${this.what}: layer blob ${layer.digest} is missing from the layout`);
    return s;
  }

  async close(): Promise<void> {}
}

/** An OCI image layout directory (`oci:DIR[:REF]`). */
export function createOciLayoutSource(dir: string, ref: string | null): ImageSource {
  const abs = resolvePath(dir);
  const files = dirFiles(abs);
  return new OciLayoutSource("oci", dir, ref, async () => files);
}

/** A tar of an OCI image layout (`oci-archive:PATH[:REF]`), read in place without unpacking. */
export function createOciArchiveSource(path: string, ref: string | null): ImageSource {
  let indexed: Promise<LayoutFiles> | null = null;
  return new OciLayoutSource("oci-archive", path, ref, () => (indexed ??= ArchiveIndex.open(path).then(archiveFiles)));
}
