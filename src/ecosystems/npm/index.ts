import type { Ecosystem } from "../../contracts/ecosystem.js";
import { npmMatcher } from "./matcher.js";
import { npmPackageScanner } from "./scanner.js";
import { npmUpdaters } from "./updater.js";

export { npmMatcher } from "./matcher.js";
export { npmPackageScanner, npmPurl } from "./scanner.js";
export { compareSemver, npmSemverScheme, parseSemver, type SemVer } from "./semver.js";
export { NPM_NAMESPACE, NPM_OSV_URL, npmUpdaters } from "./updater.js";

/** npm: installed node_modules manifests and lockfiles, matched against OSV/GHSA by name. */
export const npm: Ecosystem = {
  name: "npm",
  distributionScanners: [],
  packageScanners: [npmPackageScanner],
  updaters: npmUpdaters,
  updaterIds: ["osv/npm"],
  matcher: npmMatcher,
};
