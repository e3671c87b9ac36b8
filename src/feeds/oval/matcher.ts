import type { AdvisoryQuery, Matcher } from "../../contracts/matcher.js";
import type { Advisory } from "../../core/advisory.js";
import type { Distribution } from "../../core/distribution.js";
import type { Package } from "../../core/package.js";
import { rpmVersion } from "../../formats/rpm/version.js";
import { archNamespace } from "./advisories.js";

/**
 * Is an installed binary rpm inside an OVAL-derived record's range? Fixed: installed < fixed;
 * `less than or equal` records: installed ≤ last affected; a lower bound is inclusive.
 */
export function rpmRecordAffects(installed: string, advisory: Advisory): boolean {
  if (advisory.versionScheme !== rpmVersion.id) return false;
  if (advisory.introducedVersion !== null && rpmVersion.compare(installed, advisory.introducedVersion) < 0) return false;
  switch (advisory.status) {
    case "fixed":
      return advisory.fixedVersion !== null && rpmVersion.compare(installed, advisory.fixedVersion) < 0;
    case "affected":
    case "will_not_fix":
    case "fix_deferred":
    case "end_of_life": {
      const last = advisory.lastAffectedVersion ?? null;
      return last === null || rpmVersion.compare(installed, last) <= 0;
    }
    case "not_affected":
      return false;
  }
}

/**
 * The matcher every OVAL rpm distribution shares: binary package name within the release
 * namespace, plus the arch-scoped namespace (`sles:15.1/x86_64`) for records whose state limits
 * the architecture, so a noarch or i586 package never meets an x86_64-only fix.
 */
export function ovalRpmMatcher(id: string, namespaceOf: (d: Distribution) => string | undefined): Matcher {
  return {
    id,
    handles(pkg: Package, distribution: Distribution | null): boolean {
      return pkg.type === "rpm" && distribution !== null && namespaceOf(distribution) !== undefined;
    },
    queries(pkg: Package, distribution: Distribution | null): readonly AdvisoryQuery[] {
      const ns = distribution ? namespaceOf(distribution) : undefined;
      if (ns === undefined) return [];
      const q: AdvisoryQuery[] = [{ namespace: ns, packageName: pkg.name, packageKind: "binary" }];
      if (pkg.arch) q.push({ namespace: archNamespace(ns, pkg.arch), packageName: pkg.name, packageKind: "binary" });
      return q;
    },
    isAffected: (pkg: Package, advisory: Advisory): boolean => rpmRecordAffects(pkg.version, advisory),
  };
}
