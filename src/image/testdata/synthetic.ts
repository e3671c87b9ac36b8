// Builds small, possibly hostile, images at test run time so no binary fixture is committed.
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import tarStream from "tar-stream";
import { sha256Digest } from "../digests.js";

export interface TarItem {
  readonly name: string;
  readonly type?: "file" | "directory" | "symlink" | "link";
  readonly content?: Buffer | string;
  readonly linkname?: string;
  /** Declared size when it must differ from the content (not used by tar-stream for files). */
  readonly mode?: number;
}

export async function makeTar(items: readonly TarItem[]): Promise<Buffer> {
  const pack = tarStream.pack();
  const chunks: Buffer[] = [];
  pack.on("data", (c: unknown) => void chunks.push(c as Buffer));
  const done = new Promise<void>((resolve, reject) => {
    pack.on("end", resolve);
    pack.on("error", reject);
  });
  for (const it of items) {
    const type = it.type ?? "file";
    const header = { name: it.name, type, mode: it.mode ?? (type === "directory" ? 0o755 : 0o644), ...(it.linkname ? { linkname: it.linkname } : {}) };
    await new Promise<void>((resolve, reject) => {
      const cb = (err?: Error | null): void => (err ? reject(err) : resolve());
      if (type === "file") pack.entry(header, Buffer.from(it.content ?? ""), cb);
      else pack.entry(header, cb);
    });
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

export function gzip(data: Buffer): Buffer {
  return gzipSync(data);
}

export interface LayerSpec {
  /** The tar, uncompressed (its sha256 is the diffID); may be left out when `blob` and `diffId` are given. */
  readonly tar?: Buffer;
  /** The stored blob; defaults to gzip(tar). */
  readonly blob?: Buffer;
  readonly mediaType?: string;
  /** Claimed digest in the manifest; defaults to the real one. */
  readonly digest?: string;
  /** Claimed diff_id in the config; defaults to sha256(tar). Lets a huge layer be given without its tar. */
  readonly diffId?: string;
}

function tarOf(l: LayerSpec): Buffer {
  if (l.tar === undefined) throw new Error("a LayerSpec needs `tar`, or both `blob` and `diffId`");
  return l.tar;
}

/** Writes an OCI layout holding one image (ref `test`) into a fresh temp directory. */
export async function writeOciLayout(layers: readonly LayerSpec[], prefix = "claro-img-"): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  await mkdir(join(dir, "blobs", "sha256"), { recursive: true });
  const put = async (data: Buffer, digest: string = sha256Digest(data)): Promise<string> => {
    await writeFile(join(dir, "blobs", "sha256", digest.slice(7)), data);
    return digest;
  };
  const descs = [];
  for (const l of layers) {
    const blob = l.blob ?? gzip(tarOf(l));
    const digest = await put(blob, l.digest ?? sha256Digest(blob));
    descs.push({ mediaType: l.mediaType ?? "application/vnd.oci.image.layer.v1.tar+gzip", digest, size: blob.length });
  }
  const config = Buffer.from(
    JSON.stringify({
      architecture: "amd64",
      os: "linux",
      config: {},
      rootfs: { type: "layers", diff_ids: layers.map((l) => l.diffId ?? sha256Digest(tarOf(l))) },
      history: layers.map((_, i) => ({ created_by: `step ${i}` })),
    }),
  );
  const configDigest = await put(config);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: configDigest, size: config.length },
      layers: descs,
    }),
  );
  const manifestDigest = await put(manifest);
  const index = {
    schemaVersion: 2,
    manifests: [
      {
        mediaType: "application/vnd.oci.image.manifest.v1+json",
        digest: manifestDigest,
        size: manifest.length,
        annotations: { "org.opencontainers.image.ref.name": "test" },
      },
    ],
  };
  await writeFile(join(dir, "index.json"), JSON.stringify(index));
  await writeFile(join(dir, "oci-layout"), JSON.stringify({ imageLayoutVersion: "1.0.0" }));
  return dir;
}

/**
 * Writes a `docker save` archive holding one image (tag `test:latest`) into a fresh temp dir and
 * returns the archive's path. A layer's blob defaults to its tar, uncompressed, as Docker saves
 * them; layers are named `<n>/layer.tar`, as older Docker did, so no digest is in the name.
 */
export async function writeDockerArchive(layers: readonly LayerSpec[], prefix = "claro-docker-"): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const config = Buffer.from(
    JSON.stringify({
      architecture: "amd64",
      os: "linux",
      config: {},
      rootfs: { type: "layers", diff_ids: layers.map((l) => l.diffId ?? sha256Digest(tarOf(l))) },
      history: layers.map((_, i) => ({ created_by: `step ${i}` })),
    }),
  );
  const configName = `${sha256Digest(config).slice(7)}.json`;
  const names = layers.map((_, i) => `${i}/layer.tar`);
  const manifest = [{ Config: configName, RepoTags: ["test:latest"], Layers: names }];
  const archive = await makeTar([
    { name: "manifest.json", content: JSON.stringify(manifest) },
    { name: configName, content: config },
    ...layers.map((l, i) => ({ name: names[i]!, content: l.blob ?? tarOf(l) })),
  ]);
  const path = join(dir, "image.tar");
  await writeFile(path, archive);
  return path;
}
