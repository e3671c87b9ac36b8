import type { Matcher } from "../../contracts/matcher.js";
import type { VersionScheme } from "../../contracts/version-scheme.js";
import { isAffectedByRange } from "../../formats/osv/index.js";
import { compareSemver, parseSemver } from "../../formats/semver.js";

export const CARGO_NAMESPACE = "osv:crates.io";

/** Cargo versions are SemVer 2.0 (the `semver` crate's precedence; build metadata is ignored). */
export const cargoVersionScheme: VersionScheme = {
  id: "semver",
  compare: compareSemver,
  isValid: (v) => parseSemver(v) !== undefined,
};

/** Crates against the RustSec database as OSV (ecosystem `crates.io`), by crate name; no distribution needed. */
export const cargoMatcher: Matcher = {
  id: "cargo",
  handles: (pkg) => pkg.type === "cargo",
  queries: (pkg) => [{ namespace: CARGO_NAMESPACE, packageName: pkg.name, packageKind: "binary" }],
  isAffected: (pkg, advisory) => isAffectedByRange(pkg.version, advisory, compareSemver),
};
