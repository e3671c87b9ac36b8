import type { AdvisoryQuery, Matcher } from "../../contracts/matcher.js";
import type { Advisory } from "../../core/advisory.js";
import type { Distribution } from "../../core/distribution.js";
import type { Package } from "../../core/package.js";
import { rpmVersion } from "../../formats/rpm/version.js";
import { extrasTopicOf, sameStream } from "./extras.js";
import { namespaceOfDistribution } from "./releases.js";

/**
 * Amazon Linux: ALAS lists the fixed binary packages, so the installed binary name and its EVR
 * are what is compared (Trivy and vunnel/Grype do the same); the fixed version itself is safe.
 */
export const amazonMatcher: Matcher = {
  id: "amazon",
  handles(pkg: Package, distribution: Distribution | null): boolean {
    return pkg.type === "rpm" && distribution !== null && namespaceOfDistribution(distribution) !== undefined;
  },
  queries(pkg: Package, distribution: Distribution | null): readonly AdvisoryQuery[] {
    const namespace = distribution ? namespaceOfDistribution(distribution) : undefined;
    return namespace === undefined ? [] : [{ namespace, packageName: pkg.name, packageKind: "binary" }];
  },
  isAffected(pkg: Package, advisory: Advisory): boolean {
    if (advisory.versionScheme !== rpmVersion.id) return false;
    if (advisory.status !== "fixed" || advisory.fixedVersion === null) return advisory.status !== "not_affected";
    const topic = [advisory.id, ...advisory.aliases].map(extrasTopicOf).find((t) => t !== null);
    if (topic && !sameStream(topic, pkg.version, advisory.fixedVersion)) return false;
    return rpmVersion.compare(pkg.version, advisory.fixedVersion) < 0;
  },
};
