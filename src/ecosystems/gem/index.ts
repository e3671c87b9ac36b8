import type { Ecosystem } from "../../contracts/ecosystem.js";
import { gemMatcher } from "./matcher.js";
import { gemfileLockScanner, gemspecScanner } from "./scanner.js";
import { gemUpdaters } from "./updater.js";

export { type GemfileLockEntry, parseGemfileLock } from "./gemfile-lock.js";
export { type Gemspec, parseGemspec } from "./gemspec.js";
export { GEM_NAMESPACE, gemMatcher } from "./matcher.js";
export { gemfileLockScanner, gemPurl, gemspecScanner } from "./scanner.js";
export { GEM_OSV_URL, GEM_UPDATER_ID, gemUpdaters } from "./updater.js";
export { compareGemVersions, gemCanonicalSegments, gemVersionScheme, isGemPrerelease } from "./version.js";

/** Ruby: installed gemspecs and Gemfile.lock, matched against OSV `RubyGems` with Gem::Version ordering. */
export const gem: Ecosystem = {
  name: "gem",
  distributionScanners: [],
  packageScanners: [gemspecScanner, gemfileLockScanner],
  updaters: gemUpdaters,
  updaterIds: ["osv/rubygems"],
  matcher: gemMatcher,
};
