import type { AdvisoryQuery, Matcher } from "../../contracts/matcher.js";
import type { Advisory } from "../../core/advisory.js";
import type { Distribution } from "../../core/distribution.js";
import type { Package } from "../../core/package.js";
import { dpkgVersion } from "../../formats/dpkg/version.js";
import { releaseKey, UNSTABLE } from "./releases.js";

/** The advisory namespace of a Debian distribution: `debian:12`, `debian:unstable`. */
export function debianNamespace(d: Distribution): string {
  return `debian:${d.versionId === UNSTABLE ? UNSTABLE : releaseKey(d.versionId)}`;
}

/**
 * The tracker's fixed versions are source versions, so the installed source version is what
 * they are compared with (as Trivy does); a binNMU suffix (`+b1`) on the binary says nothing
 * about which source fixes it contains.
 */
function installedVersion(pkg: Package): string {
  return pkg.source?.version ?? pkg.version;
}

/** Debian: match on the source package within the distribution release (claircore/Trivy style). */
export const debianMatcher: Matcher = {
  id: "debian",
  handles(pkg: Package, distribution: Distribution | null): boolean {
    return pkg.type === "deb" && distribution?.id === "debian";
  },
  queries(pkg: Package, distribution: Distribution | null): readonly AdvisoryQuery[] {
    if (!distribution) return [];
    // A package without a Source field is its own source, so its name is the source name.
    return [{ namespace: debianNamespace(distribution), packageName: pkg.source?.name ?? pkg.name, packageKind: "source" }];
  },
  isAffected(pkg: Package, advisory: Advisory): boolean {
    if (advisory.versionScheme !== dpkgVersion.id) return false;
    const installed = installedVersion(pkg);
    if (advisory.introducedVersion !== null && dpkgVersion.compare(installed, advisory.introducedVersion) < 0) return false;
    switch (advisory.status) {
      case "fixed":
        // Strictly less: the fixed version itself is not vulnerable.
        return advisory.fixedVersion !== null && dpkgVersion.compare(installed, advisory.fixedVersion) < 0;
      case "affected":
      case "will_not_fix":
      case "fix_deferred":
      case "end_of_life":
        return true;
      case "not_affected":
        return false;
    }
  },
};
