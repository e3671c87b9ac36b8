import type { Ecosystem } from "../../contracts/ecosystem.js";
import type { Matcher } from "../../contracts/matcher.js";
import type { PackageScanner } from "../../contracts/scanner.js";
import type { UpdaterFactory } from "../../contracts/updater.js";
import { scanLockfiles } from "../../formats/lockfile-scan.js";
import { isAffectedByRange } from "../../formats/osv/index.js";
import { osvUpdaterFactory } from "../../feeds/osv/updater.js";
import { formatPurl } from "../../formats/purl.js";
import { parseConanLock } from "./conan-lock.js";
import { compareConanVersions, conanVersionScheme } from "./version.js";

export { type ConanLockEntry, parseConanLock, parseConanRef } from "./conan-lock.js";
export { compareConanVersions, conanVersionScheme } from "./version.js";

export const CONAN_NAMESPACE = "osv:ConanCenter";
export const CONAN_OSV_URL = "https://osv-vulnerabilities.storage.googleapis.com/ConanCenter/all.zip";

/** `pkg@user/channel` → `pkg:conan/user/pkg@1.0?channel=channel` (the purl spec's conan type: the user is the namespace). */
export function conanPurl(name: string, version: string): string {
  const [base = name, uc] = name.split("@");
  const [user, channel] = uc === undefined ? [null, null] : uc.split("/");
  return formatPurl({ type: "conan", namespace: user, name: base, version, qualifiers: { channel } });
}

/** C/C++ packages a `conan.lock` (Conan 1 or 2) pins. */
export const conanLockScanner: PackageScanner = {
  id: "conan-lock",
  version: 1,
  kind: "package",
  wants: ["**/conan.lock"],
  scan: (tree) =>
    scanLockfiles(
      tree,
      (path) => (path === "conan.lock" || path.endsWith("/conan.lock") ? "lock" : undefined),
      (_, text) => parseConanLock(text),
      (p, path) => ({
        name: p.name,
        version: p.version,
        type: "conan",
        arch: null,
        source: null,
        purl: conanPurl(p.name, p.version),
        foundIn: path,
        ...(p.dev ? { dev: true } : {}),
      }),
    ),
};

/** OSV.dev's `ConanCenter` export: upstream all.zip, a mirror URL, a file, or a mirror dir. */
export const conanUpdaters: UpdaterFactory = osvUpdaterFactory({
  id: "osv/conancenter",
  upstreamZipUrl: CONAN_OSV_URL,
  osvEcosystem: "ConanCenter",
  ecosystemDir: "ConanCenter",
  namespaceOf: (ecosystem) => (ecosystem === "ConanCenter" ? CONAN_NAMESPACE : undefined),
  versionScheme: conanVersionScheme.id,
});

/** ConanCenter recipes by name, Conan version order; user/channel packages are not ConanCenter's and are not looked up. */
export const conanMatcher: Matcher = {
  id: "conan",
  handles: (pkg) => pkg.type === "conan",
  queries: (pkg) => (pkg.name.includes("@") ? [] : [{ namespace: CONAN_NAMESPACE, packageName: pkg.name, packageKind: "binary" }]),
  isAffected: (pkg, advisory) => isAffectedByRange(pkg.version, advisory, compareConanVersions),
};

/** C/C++: conan.lock, matched against OSV `ConanCenter`. */
export const conan: Ecosystem = {
  name: "conan",
  distributionScanners: [],
  packageScanners: [conanLockScanner],
  updaters: conanUpdaters,
  updaterIds: ["osv/conancenter"],
  matcher: conanMatcher,
};
