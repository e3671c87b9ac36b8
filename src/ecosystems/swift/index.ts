import type { Ecosystem } from "../../contracts/ecosystem.js";
import type { Matcher } from "../../contracts/matcher.js";
import type { PackageScanner } from "../../contracts/scanner.js";
import type { UpdaterFactory } from "../../contracts/updater.js";
import { scanLockfiles } from "../../formats/lockfile-scan.js";
import { isAffectedByRange } from "../../formats/osv/index.js";
import { osvUpdaterFactory } from "../../feeds/osv/updater.js";
import { formatPurl } from "../../formats/purl.js";
import { compareSemver, parseSemver } from "../../formats/semver.js";
import { parsePackageResolved } from "./package-resolved.js";
import { parsePodfileLock } from "./podfile-lock.js";

export { type ResolvedPin, parsePackageResolved, swiftUrlName } from "./package-resolved.js";
export { type PodEntry, parsePodfileLock } from "./podfile-lock.js";

export const SWIFT_NAMESPACE = "osv:SwiftURL";
export const SWIFT_OSV_URL = "https://osv-vulnerabilities.storage.googleapis.com/SwiftURL/all.zip";

/** SwiftURL names are repository paths; hosts and owners are case-insensitive on every forge that matters. */
export function swiftKey(name: string): string {
  return name.toLowerCase();
}

export function swiftPurl(name: string, version: string): string {
  const slash = name.lastIndexOf("/");
  return formatPurl({ type: "swift", namespace: slash > 0 ? name.slice(0, slash) : "local", name: name.slice(slash + 1), version });
}

const base = (path: string): string => path.slice(path.lastIndexOf("/") + 1);

/** SwiftPM pins from every `Package.resolved` (also Xcode's, under `*.xcworkspace/xcshareddata/swiftpm/`). */
export const packageResolvedScanner: PackageScanner = {
  id: "swift-package-resolved",
  version: 1,
  kind: "package",
  wants: ["**/Package.resolved"],
  scan: (tree) =>
    scanLockfiles(
      tree,
      (path) => (base(path) === "Package.resolved" ? "resolved" : undefined),
      (_, text) => parsePackageResolved(text),
      (p, path) => ({ name: p.name, version: p.version, type: "swift", arch: null, source: null, purl: swiftPurl(p.name, p.version), foundIn: path }),
    ),
};

/**
 * Root pods from every `Podfile.lock`. A pod whose lockfile names its git repository carries it
 * as its source (`github.com/owner/repo`), the key of OSV's SwiftURL records; trunk pods have no
 * such key offline (Trivy looks each one up in the CocoaPods Specs repository) and stay unmatched.
 */
export const podfileLockScanner: PackageScanner = {
  id: "podfile-lock",
  version: 1,
  kind: "package",
  wants: ["**/Podfile.lock"],
  scan: (tree) =>
    scanLockfiles(
      tree,
      (path) => (base(path) === "Podfile.lock" ? "lock" : undefined),
      (_, text) => parsePodfileLock(text),
      (p, path) => ({
        name: p.name,
        version: p.version,
        type: "cocoapods",
        arch: null,
        source: p.repository === null ? null : { name: p.repository, version: p.version },
        purl: formatPurl({ type: "cocoapods", name: p.name, version: p.version }),
        foundIn: path,
      }),
    ),
};

/** OSV.dev's `SwiftURL` export (GHSA-sourced), keyed by repository path. */
export const swiftUpdaters: UpdaterFactory = osvUpdaterFactory({
  id: "osv/swifturl",
  upstreamZipUrl: SWIFT_OSV_URL,
  osvEcosystem: "SwiftURL",
  ecosystemDir: "SwiftURL",
  namespaceOf: (ecosystem) => (ecosystem === "SwiftURL" ? SWIFT_NAMESPACE : undefined),
  packageNameOf: (name) => swiftKey(name),
  versionScheme: "semver",
  cvssSource: "ghsa",
});

/**
 * Swift tags are SemVer, often written short (`5.0`, pods' `3.2`): missing parts are 0. A commit
 * (branch pin) or `HEAD based on …` cannot be placed in that order and is never reported.
 */
export function swiftSemver(v: string): string | undefined {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?([-+].*)?$/.exec(v.trim());
  if (m === null) return undefined;
  const full = `${m[1]}.${m[2] ?? "0"}.${m[3] ?? "0"}${m[4] ?? ""}`;
  return parseSemver(full) === undefined ? undefined : full;
}

const compareSwift = (a: string, b: string): number => compareSemver(swiftSemver(a) ?? a, swiftSemver(b) ?? b);

/** Swift packages by repository; CocoaPods pods by the repository their lockfile names, when it names one. */
export const swiftMatcher: Matcher = {
  id: "swift",
  handles: (pkg) => pkg.type === "swift" || pkg.type === "cocoapods",
  queries(pkg) {
    const key = pkg.type === "swift" ? pkg.name : pkg.source?.name;
    return key === undefined ? [] : [{ namespace: SWIFT_NAMESPACE, packageName: swiftKey(key), packageKind: "binary" }];
  },
  isAffected: (pkg, advisory) => swiftSemver(pkg.version) !== undefined && isAffectedByRange(pkg.version, advisory, compareSwift),
};

/** Swift: SwiftPM's Package.resolved and CocoaPods' Podfile.lock, matched against OSV `SwiftURL`. */
export const swift: Ecosystem = {
  name: "swift",
  distributionScanners: [],
  packageScanners: [packageResolvedScanner, podfileLockScanner],
  updaters: swiftUpdaters,
  updaterIds: ["osv/swifturl"],
  matcher: swiftMatcher,
};
