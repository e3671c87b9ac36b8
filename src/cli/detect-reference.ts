import { closeSync, existsSync, openSync, readSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { FatalError } from "../core/problem.js";

/** Transports claro reads; a reference starting with one of these (and `:`) is taken as written. */
const PREFIXES = ["docker-archive", "oci-archive", "oci", "oci-dir", "dir", "registry", "docker", "sbom"];

const BLOCK = 512;
/** Enough entries to see the top-level names of any image archive; layers come after them or are few. */
const MAX_ENTRIES = 100_000;

/**
 * A reference without a transport that names something on disk is recognised by its content, as
 * Syft and Grype do: a docker-archive, an OCI archive, an OCI layout directory, a root
 * filesystem directory or an SBOM. `PATH:REF` works for archives and layouts whose PATH exists.
 * Anything else is left as it is: a registry reference. Prefixes still win.
 */
export function detectReference(reference: string): string {
  const m = /^([a-z-]+):/.exec(reference);
  if (m && PREFIXES.includes(m[1]!)) return reference;
  if (existsSync(reference)) return `${kindOf(reference)}:${reference}`;
  const i = reference.lastIndexOf(":");
  if (i > 0 && existsSync(reference.slice(0, i))) {
    const path = reference.slice(0, i);
    const kind = kindOf(path);
    if (kind === "oci-archive" || kind === "oci" || kind === "docker-archive") return `${kind}:${reference}`;
  }
  return reference;
}

type Kind = "docker-archive" | "oci-archive" | "oci" | "dir" | "sbom";

function kindOf(path: string): Kind {
  if (statSync(path).isDirectory()) {
    return existsSync(join(path, "oci-layout")) || (existsSync(join(path, "index.json")) && existsSync(join(path, "blobs"))) ? "oci" : "dir";
  }
  const fd = openSync(path, "r");
  try {
    const head = Buffer.alloc(64 * 1024);
    const n = readSync(fd, head, 0, head.length, 0);
    const text = head.subarray(0, n).toString("utf8");
    if (/^\s*\{/.test(text) && /"(bomFormat|spdxVersion)"\s*:/.test(text)) return "sbom";
    if (/^\s*SPDXVersion:/m.test(text.slice(0, 4096))) return "sbom";
    if (n >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
      throw new FatalError(
        "BAD_REFERENCE",
        `${path}: a gzip-compressed file; claro reads image archives uncompressed`,
        `decompress it first (gunzip -k ${basename(path)}), then scan the .tar`,
      );
    }
    const names = tarNames(fd);
    if (names === null) {
      throw new FatalError(
        "BAD_REFERENCE",
        `${path}: not an image archive, OCI layout, root filesystem or SBOM`,
        "give an image archive (docker save or OCI), a directory, an SBOM, or a registry reference",
      );
    }
    if (names.has("oci-layout") || names.has("index.json")) return "oci-archive";
    if (names.has("manifest.json") || names.has("repositories")) return "docker-archive";
    throw new FatalError(
      "BAD_REFERENCE",
      `${path}: a tar archive, but neither a docker save archive nor an OCI layout`,
      "scan a root filesystem tar by unpacking it and using dir:DIR",
    );
  } finally {
    closeSync(fd);
  }
}

/** Top-level member names of a tar file, or null when it is not a tar (bad header checksum). */
function tarNames(fd: number): Set<string> | null {
  const names = new Set<string>();
  const h = Buffer.alloc(BLOCK);
  let pos = 0;
  for (let i = 0; i < MAX_ENTRIES; i++) {
    if (readSync(fd, h, 0, BLOCK, pos) < BLOCK) return i === 0 ? null : names;
    if (h.every((b) => b === 0)) return i === 0 ? null : names;
    if (!checksumOk(h)) return i === 0 ? null : names;
    const bytes = Number.parseInt(h.toString("ascii", 124, 136).replace(/\0.*$/s, "").trim() || "0", 8);
    const name = h.toString("utf8", 0, 100).replace(/\0.*$/s, "").replace(/^\.\//, "");
    if (!name.includes("/") || /^[^/]+\/$/.test(name)) names.add(name.replace(/\/$/, ""));
    if (!Number.isFinite(bytes)) return names;
    pos += BLOCK + Math.ceil(bytes / BLOCK) * BLOCK;
  }
  return names;
}

function checksumOk(h: Buffer): boolean {
  const stored = Number.parseInt(h.toString("ascii", 148, 156).replace(/\0.*$/s, "").trim(), 8);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i]!;
  return stored === sum;
}
