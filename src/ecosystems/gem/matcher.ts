import type { Matcher } from "../../contracts/matcher.js";
import { isAffectedByRange } from "../../formats/osv/index.js";
import { compareGemVersions } from "./version.js";

export const GEM_NAMESPACE = "osv:RubyGems";

/** Gems against OSV's `RubyGems` ecosystem (GHSA and ruby-advisory-db), by gem name; no distribution needed. */
export const gemMatcher: Matcher = {
  id: "gem",
  handles: (pkg) => pkg.type === "gem",
  queries: (pkg) => [{ namespace: GEM_NAMESPACE, packageName: pkg.name, packageKind: "binary" }],
  isAffected: (pkg, advisory) => isAffectedByRange(pkg.version, advisory, compareGemVersions),
};
