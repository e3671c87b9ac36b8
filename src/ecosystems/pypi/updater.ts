import { osvUpdaterFactory } from "../../feeds/osv/updater.js";
import { normalizePypiName } from "./names.js";
import { PYPI_NAMESPACE } from "./matcher.js";

export const PYPI_OSV_URL = "https://osv-vulnerabilities.storage.googleapis.com/PyPI/all.zip";

/**
 * OSV.dev's PyPI export (PYSEC and GHSA records). Names are stored PEP 503-normalised because
 * OSV writes them as published (`Django`, `charset_normalizer`) and the matcher looks up the
 * normalised name.
 */
export const pypiUpdaters = osvUpdaterFactory({
  id: "osv/pypi",
  upstreamZipUrl: PYPI_OSV_URL,
  osvEcosystem: "PyPI",
  ecosystemDir: "PyPI",
  namespaceOf: (ecosystem) => (ecosystem === "PyPI" ? PYPI_NAMESPACE : undefined),
  versionScheme: "pep440",
  packageNameOf: (name) => normalizePypiName(name),
});
