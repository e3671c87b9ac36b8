import type { Matcher } from "../../contracts/matcher.js";
import { isAffectedByRange } from "../../formats/osv/index.js";
import { compareSemver } from "./semver.js";
import { NPM_NAMESPACE } from "./updater.js";

/**
 * npm packages are matched by name against OSV/GHSA in `osv:npm`, whatever the image's
 * distribution (or none: `dir:` scans and distroless images).
 */
export const npmMatcher: Matcher = {
  id: "npm",
  handles: (pkg) => pkg.type === "npm",
  queries: (pkg) => [{ namespace: NPM_NAMESPACE, packageName: pkg.name, packageKind: "binary" }],
  isAffected: (pkg, advisory) => isAffectedByRange(pkg.version, advisory, compareSemver),
};
