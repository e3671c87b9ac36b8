import type { VersionScheme } from "../../contracts/version-scheme.js";
import { compareSemver, parseSemver } from "../../formats/semver.js";

// The comparator lives in formats/ because Cargo uses the same SemVer 2.0 precedence.
export { compareParsedSemver, compareSemver, parseSemver, type SemVer } from "../../formats/semver.js";

/** npm's version ordering (node-semver without loose mode): SemVer 2.0 precedence. */
export const npmSemverScheme: VersionScheme = {
  id: "npm-semver",
  compare: compareSemver,
  isValid: (v) => parseSemver(v) !== undefined,
};
