import type { Ecosystem } from "../../contracts/ecosystem.js";
import type { Matcher } from "../../contracts/matcher.js";
import type { PackageScanner } from "../../contracts/scanner.js";
import type { UpdaterFactory } from "../../contracts/updater.js";
import { scanLockfiles } from "../../formats/lockfile-scan.js";
import { isAffectedByRange } from "../../formats/osv/index.js";
import { osvUpdaterFactory } from "../../feeds/osv/updater.js";
import { formatPurl } from "../../formats/purl.js";
import { compareSemver } from "../../formats/semver.js";
import { parsePubspecLock } from "./pubspec-lock.js";

export { type PubspecLockEntry, parsePubspecLock } from "./pubspec-lock.js";

export const PUB_NAMESPACE = "osv:Pub";
export const PUB_OSV_URL = "https://osv-vulnerabilities.storage.googleapis.com/Pub/all.zip";

export function pubPurl(name: string, version: string): string {
  return formatPurl({ type: "pub", name, version });
}

/** Packages a `pubspec.lock` resolved (Dart and Flutter apps). */
export const pubspecLockScanner: PackageScanner = {
  id: "pubspec-lock",
  version: 1,
  kind: "package",
  wants: ["**/pubspec.lock"],
  scan: (tree) =>
    scanLockfiles(
      tree,
      (path) => (path === "pubspec.lock" || path.endsWith("/pubspec.lock") ? "lock" : undefined),
      (_, text) => parsePubspecLock(text),
      (p, path) => ({
        name: p.name,
        version: p.version,
        type: "pub",
        arch: null,
        source: null,
        purl: pubPurl(p.name, p.version),
        foundIn: path,
        ...(p.dev ? { dev: true } : {}),
      }),
    ),
};

/** OSV.dev's `Pub` export (GHSA-sourced): upstream all.zip, a mirror URL, a file, or a mirror dir. */
export const pubUpdaters: UpdaterFactory = osvUpdaterFactory({
  id: "osv/pub",
  upstreamZipUrl: PUB_OSV_URL,
  osvEcosystem: "Pub",
  ecosystemDir: "Pub",
  namespaceOf: (ecosystem) => (ecosystem === "Pub" ? PUB_NAMESPACE : undefined),
  versionScheme: "semver",
  cvssSource: "ghsa",
});

/** Pub versions are SemVer 2.0 (package:pub_semver), so they are ordered as SemVer. */
export const pubMatcher: Matcher = {
  id: "pub",
  handles: (pkg) => pkg.type === "pub",
  queries: (pkg) => [{ namespace: PUB_NAMESPACE, packageName: pkg.name, packageKind: "binary" }],
  isAffected: (pkg, advisory) => isAffectedByRange(pkg.version, advisory, compareSemver),
};

/** Dart: pubspec.lock, matched against OSV `Pub`. */
export const pub: Ecosystem = {
  name: "pub",
  distributionScanners: [],
  packageScanners: [pubspecLockScanner],
  updaters: pubUpdaters,
  updaterIds: ["osv/pub"],
  matcher: pubMatcher,
};
