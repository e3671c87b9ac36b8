import type { Matcher } from "../../contracts/matcher.js";
import { isAffectedByRange } from "../../formats/osv/index.js";
import { normalizePypiName } from "./names.js";
import { comparePep440, pep440Scheme } from "./pep440.js";

/** Where PyPI advisories are stored: OSV's ecosystem name, as the OSV updaters namespace it. */
export const PYPI_NAMESPACE = "osv:PyPI";

/**
 * PyPI packages, with or without a distribution: advisories are keyed on the PEP 503 name
 * (the updater normalises OSV's names the same way) and ranges are PEP 440. A version that is
 * not PEP 440 (legacy `2004d`) cannot be placed in a range, so it is never reported affected.
 */
export const pypiMatcher: Matcher = {
  id: "pypi",
  handles: (pkg) => pkg.type === "pypi",
  queries: (pkg) => [{ namespace: PYPI_NAMESPACE, packageName: normalizePypiName(pkg.name), packageKind: "binary" }],
  isAffected: (pkg, advisory) =>
    advisory.versionScheme === pep440Scheme.id && pep440Scheme.isValid(pkg.version) && isAffectedByRange(pkg.version, advisory, comparePep440),
};
