import type { Matcher } from "../../contracts/matcher.js";
import { isAffectedByRange } from "../../formats/osv/index.js";
import { compareComposerVersions } from "./version.js";

export const COMPOSER_NAMESPACE = "osv:Packagist";

/** Composer package names are lower-case by rule; folding guards against hand-written manifests. */
export function composerKey(name: string): string {
  return name.toLowerCase();
}

/** PHP packages against OSV's `Packagist` ecosystem (GHSA and FriendsOfPHP), by `vendor/name`. */
export const composerMatcher: Matcher = {
  id: "composer",
  handles: (pkg) => pkg.type === "composer",
  queries: (pkg) => [{ namespace: COMPOSER_NAMESPACE, packageName: composerKey(pkg.name), packageKind: "binary" }],
  isAffected: (pkg, advisory) => isAffectedByRange(pkg.version, advisory, compareComposerVersions),
};
