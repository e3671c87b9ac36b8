import type { Distribution } from "../../core/distribution.js";
import type { Matcher } from "../../contracts/matcher.js";
import { isApkVersionAffected } from "../../formats/apk/affected.js";

/**
 * The secdb branch an Alpine install reads: `3.9.6` → `3.9`. Development snapshots
 * (`3.21.0_alpha20240807`, PRETTY_NAME "… edge") read edge.
 */
export function alpineRelease(d: Pick<Distribution, "versionId" | "prettyName">): string {
  if (/_alpha|_beta|_rc/.test(d.versionId) || /\bedge\b/i.test(d.prettyName ?? "")) return "edge";
  const m = /^([0-9]+)\.([0-9]+)/.exec(d.versionId);
  return m ? `${m[1]}.${m[2]}` : d.versionId;
}

export function alpineNamespace(d: Pick<Distribution, "versionId" | "prettyName">): string {
  return `alpine:${alpineRelease(d)}`;
}

/**
 * Alpine: secdb records are keyed on the origin package and the release branch, so every
 * subpackage (libcrypto1.1, libssl1.1 → openssl) is matched through its origin.
 */
export const alpineMatcher: Matcher = {
  id: "alpine",
  handles: (pkg, distribution) => pkg.type === "apk" && distribution?.id === "alpine",
  // `handles` guarantees a distribution; without one there is no release branch to query.
  queries: (pkg, distribution) =>
    distribution ? [{ namespace: alpineNamespace(distribution), packageName: pkg.source?.name ?? pkg.name, packageKind: "source" }] : [],
  isAffected: (pkg, advisory) => isApkVersionAffected(pkg.version, advisory),
};
