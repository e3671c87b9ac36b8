import type { FileTree } from "../../contracts/file-tree.js";
import type { PackageScanner, ScanContext, ScanResult } from "../../contracts/scanner.js";
import type { ScannedPackage } from "../../core/package.js";
import type { Problem } from "../../core/problem.js";
import { formatPurl } from "../purl.js";
import type { RpmPackage } from "./package.js";
import { CONTAINER_MANIFEST_PATH, parseContainerManifest } from "./container-manifest.js";
import { detectRpmDb, parseRpmDb, RPMDB_PATHS } from "./rpmdb.js";

/**
 * The one rpm scanner, shared by every rpm-based ecosystem (RHEL family, Oracle, SUSE, Amazon,
 * Photon, Azure Linux, Fedora): the indexer runs each scanner id once, and the purl namespace
 * follows the detected distribution. The first database found wins, in RPMDB_PATHS order
 * (an image has one; a second would be a leftover of a backend migration). Distroless Mariner /
 * Azure Linux images have no rpmdb, only `container-manifest-2`, read as the fallback.
 */
export const rpmPackageScanner: PackageScanner = {
  id: "rpm",
  version: 2,
  kind: "package",
  wants: [...RPMDB_PATHS.map((p) => p.path), CONTAINER_MANIFEST_PATH],
  scan(tree: FileTree, context: ScanContext): ScanResult<ScannedPackage> {
    const problems: Problem[] = [];
    for (const { path } of RPMDB_PATHS) {
      const data = tree.read(path);
      if (data === undefined) continue;
      const kind = detectRpmDb(path, data);
      if (kind === null) {
        problems.push({ kind: "unreadable-file", path, detail: "not an rpm database this reader knows (BDB hash, SQLite or NDB)" });
        continue;
      }
      const parsed = parseRpmDb(kind, data, path);
      for (const problem of parsed.problems) problems.push(problem);
      // gpg-pubkey entries are keys imported into the database, not installed software.
      const found = parsed.packages.filter((p) => p.name !== "gpg-pubkey").map((p) => toPackage(p, path, context));
      return { found, problems };
    }
    const manifest = tree.read(CONTAINER_MANIFEST_PATH);
    if (manifest !== undefined) {
      const parsed = parseContainerManifest(manifest.toString("utf8"), CONTAINER_MANIFEST_PATH);
      for (const problem of parsed.problems) problems.push(problem);
      return { found: parsed.packages.map((p) => toPackage(p, CONTAINER_MANIFEST_PATH, context)), problems };
    }
    return { found: [], problems };
  },
};

/** `[epoch:]version-release`, the form advisories and `rpm -q --qf '%{EVR}'` use. */
export function rpmEvr(p: Pick<RpmPackage, "epoch" | "version" | "release">): string {
  return `${p.epoch !== null && p.epoch !== 0 ? `${p.epoch}:` : ""}${p.version}-${p.release}`;
}

function toPackage(p: RpmPackage, foundIn: string, context: ScanContext): ScannedPackage {
  const srpmVersion = p.sourceRpm ? /^.+-([^-]+-[^-]+)\.(?:no)?src\.rpm$/.exec(p.sourceRpm)?.[1] : undefined;
  return {
    name: p.name,
    version: rpmEvr(p),
    type: "rpm",
    arch: p.arch,
    // The SRPM file name carries no epoch; the binary's epoch applies to its source build.
    source: { name: p.sourceName, version: srpmVersion ? `${p.epoch ? `${p.epoch}:` : ""}${srpmVersion}` : rpmEvr(p) },
    purl: rpmPurl(p, context),
    foundIn,
    ...(p.license ? { licenses: [p.license] } : {}),
    ...(p.files ? { files: p.files } : {}),
    // Advisories for modular packages are scoped by module stream (RHEL 8+ AppStream).
    ...(p.modularityLabel ? { modularityLabel: p.modularityLabel } : {}),
  };
}

/** `pkg:rpm/<distro id>/<name>@<version>-<release>?arch=…&epoch=…&distro=<id>-<VERSION_ID>` (purl spec's rpm type). */
export function rpmPurl(p: Pick<RpmPackage, "name" | "epoch" | "version" | "release" | "arch" | "sourceRpm">, context: ScanContext): string {
  const dist = context.distribution;
  return formatPurl({
    type: "rpm",
    namespace: dist?.id ?? null,
    name: p.name,
    version: `${p.version}-${p.release}`,
    qualifiers: {
      arch: p.arch,
      epoch: p.epoch !== null && p.epoch !== 0 ? String(p.epoch) : null,
      upstream: p.sourceRpm,
      distro: dist ? `${dist.id}-${dist.versionId}` : null,
    },
  });
}
