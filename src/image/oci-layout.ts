import { constants, createReadStream } from "node:fs";
import { open, realpath, type FileHandle } from "node:fs/promises";
import { join, resolve as resolvePath, sep } from "node:path";
import { Readable } from "node:stream";
import type { ImageSource, ResolveOptions } from "../contracts/image-source.js";
import { digestHex, type Digest } from "../core/digest.js";
import type { LayerInfo, ResolvedImage } from "../core/image.js";
import { FatalError } from "../core/problem.js";
import { ArchiveIndex } from "./archive-index.js";
import { verifyBlob } from "./digests.js";
import { parseJson, REF_NAME_ANNOTATION, type Descriptor } from "./oci-manifest.js";
import { resolveFromRoot, type ManifestFetcher } from "./oci-resolve.js";

/** Index, manifests and configs are small; anything bigger is not what it claims to be. */
const MAX_JSON = 8 << 20;

/** Files of an OCI layout, whether a directory or a tar of one. */
interface LayoutFiles {
  read(rel: string): Promise<Buffer | undefined>;
  /** A layer blob; `size`, when known, is what its descriptor says. */
  open(rel: string, size: number | null): Promise<Readable | undefined>;
}

function fileKind(st: { isCharacterDevice(): boolean; isBlockDevice(): boolean; isFIFO(): boolean; isSocket(): boolean; isDirectory(): boolean }): string {
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  if (st.isFIFO()) return "a FIFO";
  if (st.isSocket()) return "a socket";
  return st.isDirectory() ? "a directory" : "not a regular file";
}

/**
 * A layout directory read like `dir:` reads a root: only regular files inside it are opened.
 * A link to /dev/zero, a FIFO or a file elsewhere would make the scan read forever, hang, or read
 * what the layout does not hold (issue 9 §8). Links that stay inside the layout are kept: some
 * tools deduplicate blobs that way.
 */
function dirFiles(dir: string, what: () => string): LayoutFiles {
  let root: Promise<string> | null = null;
  const openRegular = async (rel: string): Promise<{ fh: FileHandle; size: number } | undefined> => {
    let real: string;
    try {
      root ??= realpath(dir);
      const base = await root;
      real = await realpath(join(base, rel));
      if (!real.startsWith(base + sep)) {
        throw new FatalError(
          "UNSAFE_PATH",
          `${what()}: ${rel} links outside the layout (to ${real})`,
          "a layout must hold its own files; copy the file into it",
        );
      }
    } catch (e) {
      // Missing, or a dangling link: the caller says what is missing.
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw e;
    }
    // O_NOFOLLOW: a link swapped in after realpath is refused (ELOOP), not followed. O_NONBLOCK: a
    // FIFO opens at once instead of waiting for a writer, and fstat then refuses it.
    let fh: FileHandle;
    try {
      fh = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "ENOENT") return undefined;
      if (code === "ELOOP") throw new FatalError("UNSAFE_PATH", `${what()}: ${rel} was replaced by a link while being opened`);
      throw e;
    }
    const st = await fh.stat();
    if (!st.isFile()) {
      await fh.close();
      throw new FatalError(
        "ARCHIVE_CORRUPT",
        `${what()}: ${rel} is ${fileKind(st)}, not a regular file`,
        "a layout holds only regular files (and links to them inside it)",
      );
    }
    return { fh, size: st.size };
  };
  return {
    async read(rel) {
      const opened = await openRegular(rel);
      if (opened === undefined) return undefined;
      const { fh, size } = opened;
      try {
        const tooLarge = (n: number): FatalError =>
          new FatalError("ARCHIVE_CORRUPT", `${what()}: ${rel} is ${n} bytes or more, too large for metadata (limit ${MAX_JSON})`);
        if (size > MAX_JSON) throw tooLarge(size);
        // Read at most one byte past the limit, whatever the size said: the file may be growing.
        const buf = Buffer.allocUnsafe(MAX_JSON + 1);
        let got = 0;
        for (;;) {
          const { bytesRead } = await fh.read(buf, got, buf.length - got, got);
          if (bytesRead === 0) break;
          got += bytesRead;
          if (got > MAX_JSON) throw tooLarge(got);
        }
        return Buffer.from(buf.subarray(0, got));
      } finally {
        await fh.close();
      }
    },
    async open(rel, expected) {
      const opened = await openRegular(rel);
      if (opened === undefined) return undefined;
      const { fh, size } = opened;
      if (expected !== null && size !== expected) {
        await fh.close();
        throw new FatalError(
          "ARCHIVE_CORRUPT",
          `${what()}: ${rel} is ${size} bytes, but its descriptor says ${expected}`,
          "the layout is damaged; export the image again",
        );
      }
      if (size === 0) {
        await fh.close();
        return Readable.from([]);
      }
      // Only the bytes there were at open: a file that keeps growing cannot stretch the read.
      return createReadStream("", { fd: fh, start: 0, end: size - 1, highWaterMark: 1 << 20 });
    },
  };
}

function archiveFiles(index: ArchiveIndex, what: string): LayoutFiles {
  return {
    read: (rel) => index.read(rel, MAX_JSON),
    open: async (rel, expected) => {
      const m = index.find(rel);
      if (m && expected !== null && m.size !== expected) {
        throw new FatalError(
          "ARCHIVE_CORRUPT",
          `${what}: ${rel} is ${m.size} bytes in the archive, but its descriptor says ${expected}`,
          "the archive is damaged; export the image again",
        );
      }
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
    const index = parseJson(indexBytes, "index", `${this.what}: index.json`);
    const refs = refsOf(index.manifests);
    const fetcher: ManifestFetcher = { manifest: (d) => this.blob(files, d), blob: (d) => this.blob(files, d) };
    const ctx = { ref: this.what, repository: null, platform: options.platform, what: this.what };
    let chosen: Descriptor | undefined;
    if (this.ref !== null) {
      const want = this.ref.replace(/^@/, "");
      chosen = index.manifests.find((d) => d.annotations?.[REF_NAME_ANNOTATION] === this.ref) ?? index.manifests.find((d) => d.digest === want);
      if (!chosen) {
        throw new FatalError(
          "IMAGE_NOT_FOUND",
          `${this.what}: no image with ref '${this.ref}'; refs: ${refs.length > 0 ? refs.join(", ") : "(none)"}`,
          "pick one of the listed refs",
        );
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
    const s = await files.open(blobPath(layer.digest), layer.size);
    if (!s) throw new FatalError("ARCHIVE_CORRUPT", `${this.what}: layer blob ${layer.digest} is missing from the layout`);
    return s;
  }

  async close(): Promise<void> {}
}

/** An OCI image layout directory (`oci:DIR[:REF]`). */
export function createOciLayoutSource(dir: string, ref: string | null): ImageSource {
  const files = dirFiles(resolvePath(dir), () => `oci:${dir}${ref === null ? "" : `:${ref}`}`);
  return new OciLayoutSource("oci", dir, ref, async () => files);
}

/** A tar of an OCI image layout (`oci-archive:PATH[:REF]`), read in place without unpacking. */
export function createOciArchiveSource(path: string, ref: string | null): ImageSource {
  let indexed: Promise<LayoutFiles> | null = null;
  const what = `oci-archive:${path}${ref === null ? "" : `:${ref}`}`;
  return new OciLayoutSource("oci-archive", path, ref, () => (indexed ??= ArchiveIndex.open(path).then((index) => archiveFiles(index, what))));
}
