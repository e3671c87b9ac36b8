import { existsSync } from "node:fs";
import { FatalError } from "../core/problem.js";
import type { LayeredFileTree } from "../contracts/file-tree.js";
import type { ResolvedImage } from "../core/image.js";
import { imageCheckInput, tagOfReference, type ImageCheckInput } from "../checks/index.js";
import { buildLayeredTree, createDirSource } from "../image/index.js";
import { DEFAULT_MAX_FILE_SIZE, imageDeadline, type ImageFlags } from "./image-flags.js";
import { openImage } from "./open-image.js";
import { parsePlatform } from "./platform.js";
import { terminalProgress } from "./progress.js";

export { DEFAULT_MAX_FILE_SIZE, imageDeadline, type ImageFlags } from "./image-flags.js";
export { registryOptions } from "./registry-flags.js";

const ARCHIVE = /^(docker-archive|oci-archive|oci|oci-dir):(.*)$/;

/**
 * The tag the user asked for, for the `latest` rule. Archives: the `:REF` after the path (an
 * OCI ref name is the tag); `dir:` has none; a registry reference without tag or digest means
 * `latest`, as `docker pull` reads it.
 */
export function tagFromReference(reference: string): string | null {
  const archive = ARCHIVE.exec(reference);
  if (archive) {
    const rest = archive[2] ?? "";
    if (existsSync(rest)) return null;
    const i = rest.lastIndexOf(":");
    const ref = i > 0 ? rest.slice(i + 1) : "";
    return ref === "" ? null : (tagOfReference(ref) ?? (ref.includes("/") || ref.includes("@") ? null : ref));
  }
  if (reference.startsWith("dir:")) return null;
  const bare = reference.replace(/^registry:/, "").replace(/^docker:\/\//, "");
  return tagOfReference(bare) ?? (bare.includes("@") ? null : "latest");
}

/** The image checks' input from a resolved image and its tree; shared by `check` and `scan`. */
export function imageInputFrom(reference: string, image: ResolvedImage, tree: LayeredFileTree): ImageCheckInput {
  return imageCheckInput({ ref: reference, tag: tagFromReference(reference), config: image.config, tree });
}

/** Reads an image once, buffering only what the given rules want. */
export async function readImageTree(reference: string, wants: readonly string[], s: ImageFlags): Promise<{ image: ResolvedImage; tree: LayeredFileTree }> {
  const source = await openImage(reference, s);
  try {
    return await imageDeadline(s, reference, async (signal) => {
      const image = await source.resolve({ platform: parsePlatform(s.platform ?? "linux/amd64"), signal });
      const tree = await buildLayeredTree(source, image, {
        wants,
        maxFileSize: s.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
        ...(s.maxBufferedBytes !== undefined ? { maxBufferedBytes: s.maxBufferedBytes } : {}),
        progress: terminalProgress(s.quiet ?? false),
        signal,
      });
      return { image, tree };
    });
  } finally {
    await source.close();
  }
}

/** A root filesystem or snapshot directory (`claro check host DIR`) as a file tree. */
export async function readDirTree(dir: string, wants: readonly string[], s: ImageFlags): Promise<LayeredFileTree> {
  if (!existsSync(dir)) throw new FatalError("IMAGE_NOT_FOUND", `${dir}: no such directory`, "give the root of a filesystem or snapshot, e.g. / or ./snapshot");
  const source = createDirSource(dir);
  try {
    const image = await source.resolve({ platform: parsePlatform(s.platform ?? "linux/amd64") });
    return await buildLayeredTree(source, image, {
      wants,
      maxFileSize: s.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
      ...(s.maxBufferedBytes !== undefined ? { maxBufferedBytes: s.maxBufferedBytes } : {}),
    });
  } finally {
    await source.close();
  }
}
