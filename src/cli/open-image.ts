import { existsSync, statSync } from "node:fs";
import { FatalError } from "../core/problem.js";
import type { ImageSource } from "../contracts/image-source.js";
import { createDirSource, createDockerArchiveSource, createOciArchiveSource, createOciLayoutSource } from "../image/index.js";
import { detectReference } from "./detect-reference.js";
import type { ImageFlags } from "./image-flags.js";

export const TRANSPORTS = ["docker-archive", "oci-archive", "oci", "oci-dir", "dir", "registry", "docker"] as const;

/**
 * Opens an image from a transport-prefixed reference, as skopeo and Syft write them:
 * `docker-archive:PATH`, `oci-archive:PATH[:REF]`, `oci:DIR[:REF]` (alias `oci-dir:`),
 * `dir:PATH`, and `registry:REF`, `docker://REF` or a bare registry reference. The registry
 * client (undici and its options) loads only for a registry reference.
 */
export async function openImage(written: string, flags: ImageFlags): Promise<ImageSource> {
  const reference = detectReference(written);
  const m = /^([a-z-]+):(.*)$/.exec(reference);
  const transport = m?.[1];
  const rest = m?.[2] ?? "";
  switch (transport) {
    case "docker-archive": {
      const [path, ref] = splitPathRef(rest, transport);
      notDirectory(path, transport);
      return createDockerArchiveSource(path, ...(ref === null ? [] : [ref]));
    }
    case "oci-archive": {
      const [path, ref] = splitPathRef(rest, transport);
      notDirectory(path, transport);
      return createOciArchiveSource(path, ref);
    }
    case "oci":
    case "oci-dir": {
      const [path, ref] = splitPathRef(rest, transport);
      return createOciLayoutSource(path, ref);
    }
    case "dir":
      if (!existsSync(rest)) throw notFound(rest, transport);
      return createDirSource(rest);
    case "registry":
      return openRegistry(rest, flags);
    case "docker":
      return openRegistry(rest.replace(/^\/\//, ""), flags);
    case "sbom":
      // `claro scan` reads sbom: itself (sbom-input.ts); everything else needs real layers.
      throw new FatalError("BAD_REFERENCE", `sbom:${rest}: an SBOM is not an image`, "use `claro scan sbom:FILE` or `claro sbom sbom:FILE`");
    default:
      // `host:port/repo:tag` and `repo:tag` look like `scheme:rest`; only known transports are prefixes.
      return openRegistry(reference, flags);
  }
}

async function openRegistry(reference: string, flags: ImageFlags): Promise<ImageSource> {
  const [{ createRegistrySource }, { registryOptions }] = await Promise.all([import("../image/registry/index.js"), import("./registry-flags.js")]);
  return createRegistrySource(reference, registryOptions(flags));
}

/** `PATH[:REF]`: a path that exists wins, so paths containing ':' still work. */
function splitPathRef(value: string, transport: string): [string, string | null] {
  if (value === "") throw new FatalError("BAD_REFERENCE", `${transport}: missing path`, `write ${transport}:PATH`);
  if (existsSync(value)) return [value, null];
  const i = value.lastIndexOf(":");
  if (i > 0 && existsSync(value.slice(0, i))) return [value.slice(0, i), value.slice(i + 1) || null];
  throw notFound(value, transport);
}

/** An archive transport on a directory would fail deep inside with EISDIR: say what was meant. */
function notDirectory(path: string, transport: string): void {
  if (statSync(path).isDirectory()) {
    throw new FatalError(
      "BAD_REFERENCE",
      `${transport}:${path}: is a directory, not an archive file`,
      `an OCI layout directory is oci:${path}, a root filesystem dir:${path}; or give the path without a prefix`,
    );
  }
}

function notFound(path: string, transport: string): FatalError {
  return new FatalError(
    "IMAGE_NOT_FOUND",
    `${transport}: ${path}: no such file or directory`,
    "check the path; write a registry image without a transport prefix",
  );
}
