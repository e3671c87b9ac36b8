import type { AdvisoryQuery, Matcher } from "../../contracts/matcher.js";
import type { Advisory } from "../../core/advisory.js";
import type { Distribution } from "../../core/distribution.js";
import type { Package } from "../../core/package.js";
import { moduleStream } from "../../formats/rpm/modularity.js";
import { rpmVersion } from "../../formats/rpm/version.js";
import { scopedName } from "./csaf-mapping.js";
import { isRhelFamily } from "./distribution-scanner.js";
import { contentSetsOfDistribution } from "./content-sets.js";
import { applicableNamespaces } from "./streams.js";

const OWN_ERRATA: ReadonlySet<string> = new Set(["rocky", "almalinux"]);

/**
 * The `name:stream` a package was built in: the rpmdb MODULARITYLABEL when the scanner kept it,
 * else the `rpmmod` purl qualifier (SBOMs written by Red Hat tooling carry it). Null = non-modular.
 */
export function packageModule(pkg: Package): string | null {
  const label = pkg.modularityLabel ?? /[?&]rpmmod=([^&#]+)/.exec(pkg.purl)?.[1];
  return moduleStream(label === undefined ? null : decodeURIComponent(label));
}

/**
 * RHEL family: Red Hat's records for the product streams that apply to the image (streams.ts:
 * from its content sets when it has content manifests, else from the major release), under the
 * package's module stream, by source rpm and by binary name. CentOS is matched with RHEL's data
 * for its major, as Trivy does: its builds lag or differ from Red Hat's (CentOS Stream is ahead of
 * RHEL), so a finding's fixed version is Red Hat's. Rocky and AlmaLinux are still detected here
 * but matched by their own errata (the `rocky` and `almalinux` ecosystems), whose fixed versions
 * are the vendor's own builds; matching them here too would report every CVE twice.
 */
export const rhelMatcher: Matcher = {
  id: "rhel",
  handles(pkg: Package, distribution: Distribution | null): boolean {
    return pkg.type === "rpm" && distribution !== null && isRhelFamily(distribution.id) && !OWN_ERRATA.has(distribution.id);
  },
  queries(pkg: Package, distribution: Distribution | null): readonly AdvisoryQuery[] {
    if (!distribution) return [];
    const module = packageModule(pkg);
    const source = pkg.source?.name ?? pkg.name;
    return applicableNamespaces(distribution, contentSetsOfDistribution(distribution)).flatMap((namespace) => [
      { namespace, packageName: scopedName(source, module), packageKind: "source" as const },
      { namespace, packageName: scopedName(pkg.name, module), packageKind: "binary" as const },
    ]);
  },
  /**
   * Red Hat's rule for pinned streams: the main stream's record counts only when the image's
   * own stream (EUS, AUS, …: listed first) has none for that CVE. Without it an EUS image already
   * at its EUS fix would be reported against the main stream's later build.
   */
  select(pkg: Package, distribution: Distribution | null, candidates: readonly Advisory[]): readonly Advisory[] {
    if (!distribution) return candidates;
    const order = applicableNamespaces(distribution, contentSetsOfDistribution(distribution));
    const rank = (a: Advisory): number => {
      const i = order.indexOf(a.namespace);
      return i < 0 ? order.length : i;
    };
    const best = new Map<string, number>();
    for (const a of candidates) best.set(a.id, Math.min(best.get(a.id) ?? Infinity, rank(a)));
    return candidates.filter((a) => rank(a) === best.get(a.id));
  },
  isAffected(pkg: Package, advisory: Advisory): boolean {
    if (advisory.versionScheme !== rpmVersion.id) return false;
    // Red Hat builds every binary of a source rpm with the source's EVR, so the binary's own
    // EVR (with its epoch) is compared with source and binary records alike.
    switch (advisory.status) {
      case "fixed":
        return advisory.fixedVersion !== null && rpmVersion.compare(pkg.version, advisory.fixedVersion) < 0;
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
