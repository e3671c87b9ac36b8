import type { Ecosystem } from "../../contracts/ecosystem.js";
import { pythonInstalledScanner } from "./installed-scanner.js";
import { pythonLockScanner } from "./lock-scanner.js";
import { PYPI_NAMESPACE, pypiMatcher } from "./matcher.js";
import { normalizePypiName, pypiPurl } from "./names.js";
import { comparePep440, normalizePep440, parsePep440, pep440Scheme } from "./pep440.js";
import { PYPI_OSV_URL, pypiUpdaters } from "./updater.js";

/**
 * Python: installed distributions and lockfiles, OSV.dev's PyPI feed, PEP 440 matching on
 * PEP 503 names. A language ecosystem: it detects no distribution.
 */
export const pypi: Ecosystem = {
  name: "pypi",
  distributionScanners: [],
  packageScanners: [pythonInstalledScanner, pythonLockScanner],
  updaters: pypiUpdaters,
  updaterIds: ["osv/pypi"],
  matcher: pypiMatcher,
};

export {
  comparePep440,
  normalizePep440,
  normalizePypiName,
  parsePep440,
  pep440Scheme,
  PYPI_NAMESPACE,
  PYPI_OSV_URL,
  pypiMatcher,
  pypiPurl,
  pypiUpdaters,
  pythonInstalledScanner,
  pythonLockScanner,
};
