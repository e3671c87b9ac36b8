import type { Ecosystem } from "../../contracts/ecosystem.js";
import { composerMatcher } from "./matcher.js";
import { composerScanner } from "./scanner.js";
import { composerUpdaters } from "./updater.js";

export { type ComposerEntry, parseComposerLock, parseInstalledJson } from "./installed.js";
export { COMPOSER_NAMESPACE, composerKey, composerMatcher } from "./matcher.js";
export { composerPurl, composerScanner } from "./scanner.js";
export { COMPOSER_OSV_URL, COMPOSER_UPDATER_ID, composerUpdaters } from "./updater.js";
export { compareComposerVersions, composerVersionScheme, normalizeComposerVersion } from "./version.js";

/** PHP: composer.lock and vendor/composer/installed.json, matched against OSV `Packagist`. */
export const composer: Ecosystem = {
  name: "composer",
  distributionScanners: [],
  packageScanners: [composerScanner],
  updaters: composerUpdaters,
  updaterIds: ["osv/packagist"],
  matcher: composerMatcher,
};
