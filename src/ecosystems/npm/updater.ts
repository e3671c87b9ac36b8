import type { UpdaterFactory } from "../../contracts/updater.js";
import { osvUpdaterFactory } from "../../feeds/osv/updater.js";

export const NPM_NAMESPACE = "osv:npm";
export const NPM_OSV_URL = "https://osv-vulnerabilities.storage.googleapis.com/npm/all.zip";

/**
 * OSV.dev's npm export (GHSA-sourced). `upstream`/`url`: the bulk `all.zip`; `file`: that zip or
 * one OSV JSON file; `dir`: a mirror of OSV JSON files (or one holding an `npm/` folder).
 * Only `npm` affected entries are kept, so a mixed GHSA mirror can be pointed at as-is.
 */
export const npmUpdaters: UpdaterFactory = osvUpdaterFactory({
  id: "osv/npm",
  upstreamZipUrl: NPM_OSV_URL,
  osvEcosystem: "npm",
  ecosystemDir: "npm",
  namespaceOf: (ecosystem) => (ecosystem === "npm" ? NPM_NAMESPACE : undefined),
  versionScheme: "npm-semver",
  cvssSource: "ghsa",
});
