import type { Ecosystem } from "../../contracts/ecosystem.js";
import type { Matcher } from "../../contracts/matcher.js";
import type { PackageScanner } from "../../contracts/scanner.js";
import type { UpdaterFactory } from "../../contracts/updater.js";
import { scanLockfiles } from "../../formats/lockfile-scan.js";
import { isAffectedByRange } from "../../formats/osv/index.js";
import { osvUpdaterFactory } from "../../feeds/osv/updater.js";
import { formatPurl } from "../../formats/purl.js";
import { compareSemver } from "../../formats/semver.js";
import { parseMixLock } from "./mix-lock.js";

export { type MixLockEntry, parseMixLock } from "./mix-lock.js";

export const HEX_NAMESPACE = "osv:Hex";
export const HEX_OSV_URL = "https://osv-vulnerabilities.storage.googleapis.com/Hex/all.zip";

export function hexPurl(name: string, version: string): string {
  return formatPurl({ type: "hex", name, version });
}

/**
 * Hex packages a `mix.lock` resolved. mix.lock records no environment (`only: :test` lives in
 * mix.exs), so no package is flagged dev.
 */
export const mixLockScanner: PackageScanner = {
  id: "mix-lock",
  version: 1,
  kind: "package",
  wants: ["**/mix.lock"],
  scan: (tree) =>
    scanLockfiles(
      tree,
      (path) => (path === "mix.lock" || path.endsWith("/mix.lock") ? "lock" : undefined),
      (_, text) => parseMixLock(text),
      (p, path) => ({ name: p.name, version: p.version, type: "hex", arch: null, source: null, purl: hexPurl(p.name, p.version), foundIn: path }),
    ),
};

/** OSV.dev's `Hex` export (GHSA and the EEF's advisories): upstream all.zip, a mirror URL, a file, or a mirror dir. */
export const hexUpdaters: UpdaterFactory = osvUpdaterFactory({
  id: "osv/hex",
  upstreamZipUrl: HEX_OSV_URL,
  osvEcosystem: "Hex",
  ecosystemDir: "Hex",
  namespaceOf: (ecosystem) => (ecosystem === "Hex" ? HEX_NAMESPACE : undefined),
  versionScheme: "semver",
  cvssSource: "ghsa",
});

/** Hex versions are SemVer 2.0 (Elixir's `Version`), ordered as SemVer. */
export const hexMatcher: Matcher = {
  id: "hex",
  handles: (pkg) => pkg.type === "hex",
  queries: (pkg) => [{ namespace: HEX_NAMESPACE, packageName: pkg.name, packageKind: "binary" }],
  isAffected: (pkg, advisory) => isAffectedByRange(pkg.version, advisory, compareSemver),
};

/** Elixir/Erlang: mix.lock, matched against OSV `Hex`. */
export const hex: Ecosystem = {
  name: "hex",
  distributionScanners: [],
  packageScanners: [mixLockScanner],
  updaters: hexUpdaters,
  updaterIds: ["osv/hex"],
  matcher: hexMatcher,
};
