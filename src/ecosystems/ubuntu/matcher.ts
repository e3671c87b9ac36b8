import type { AdvisoryQuery, Matcher } from "../../contracts/matcher.js";
import type { Advisory } from "../../core/advisory.js";
import type { Distribution } from "../../core/distribution.js";
import type { Package } from "../../core/package.js";
import { dpkgVersion } from "../../formats/dpkg/version.js";
import { ubuntuNamespace } from "./osv-mapping.js";
import { releaseKey } from "./releases.js";

/**
 * Ubuntu: source package name + installed source version, dpkg order (the OSV ranges are in
 * source versions: the entries carry `arch=source` purls).
 *
 * Both namespaces are asked: `ubuntu:<ver>` and `ubuntu:<ver>:esm`. Ubuntu files each
 * package/release under one of the two ecosystems (the Pro one when the package's fix or
 * status lives in the ESM pockets), so an image sees each (CVE, package) once. An ESM-only
 * record is reported even without Pro: the package is vulnerable, and its fixed version says
 * where the fix is. The engine keeps the first finding per (id, package), the standard one.
 */
export const ubuntuMatcher: Matcher = {
  id: "ubuntu",
  handles(pkg: Package, distribution: Distribution | null): boolean {
    return pkg.type === "deb" && distribution?.id === "ubuntu";
  },
  queries(pkg: Package, distribution: Distribution | null): readonly AdvisoryQuery[] {
    if (!distribution) return [];
    const version = releaseKey(distribution.versionId);
    const packageName = pkg.source?.name ?? pkg.name;
    return [false, true].map((pro) => ({ namespace: ubuntuNamespace(version, pro), packageName, packageKind: "source" as const }));
  },
  isAffected(pkg: Package, advisory: Advisory): boolean {
    if (advisory.versionScheme !== dpkgVersion.id) return false;
    const installed = pkg.source?.version ?? pkg.version;
    if (advisory.introducedVersion !== null && dpkgVersion.compare(installed, advisory.introducedVersion) < 0) return false;
    switch (advisory.status) {
      case "fixed":
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
