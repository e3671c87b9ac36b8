import type { ScannedPackage } from "../../core/package.js";
import type { Problem } from "../../core/problem.js";
import type { FileTree } from "../../contracts/file-tree.js";
import type { PackageScanner, ScanContext, ScanResult } from "../../contracts/scanner.js";
import { formatPurl } from "../purl.js";
import { parseApkInstalled } from "./installed.js";

export const APK_INSTALLED_PATH = "lib/apk/db/installed";

/** apk-based distributions whose purl namespace is their os-release ID. */
const APK_DISTROS: ReadonlySet<string> = new Set(["alpine", "wolfi", "chainguard", "postmarketos"]);

/**
 * The purl namespace for an apk package: the distribution's ID when it is an apk distribution
 * (as Syft writes it), else `alpine`.
 */
export function apkPurlNamespace(context: ScanContext): string {
  const id = context.distribution?.id;
  return id !== undefined && APK_DISTROS.has(id) ? id : "alpine";
}

/**
 * Lists the packages of `lib/apk/db/installed`. `namespace` is the purl namespace (`alpine`,
 * `wolfi`, …); the `distro` qualifier is `<id>-<versionId>` when a distribution is known.
 */
export function scanApkInstalled(tree: FileTree, context: ScanContext, namespace: string): ScanResult<ScannedPackage> {
  const raw = tree.read(APK_INSTALLED_PATH);
  if (raw === undefined) return { found: [], problems: [] };
  const problems: Problem[] = [];
  const { packages, problems: parseProblems } = parseApkInstalled(raw.toString("utf8"), APK_INSTALLED_PATH);
  problems.push(...parseProblems);
  const d = context.distribution;
  const distro = d ? `${d.id}-${d.versionId}` : null;
  const found = packages.map((p): ScannedPackage => ({
    name: p.name,
    version: p.version,
    type: "apk",
    arch: p.arch,
    // The origin is built from the same APKBUILD, so it carries the binary package's version.
    source: p.origin === null ? null : { name: p.origin, version: p.version },
    purl: formatPurl({ type: "apk", namespace, name: p.name, version: p.version, qualifiers: { arch: p.arch, distro } }),
    foundIn: APK_INSTALLED_PATH,
    files: p.files,
  }));
  return { found, problems };
}

/**
 * The one apk package scanner, shared by every apk-based ecosystem (Alpine, Wolfi, Chainguard):
 * the indexer runs each scanner id once, and the purl namespace follows the detected distribution.
 */
export const apkPackageScanner: PackageScanner = {
  id: "apk",
  version: 1,
  kind: "package",
  wants: [APK_INSTALLED_PATH],
  scan: (tree, context) => scanApkInstalled(tree, context, apkPurlNamespace(context)),
};
