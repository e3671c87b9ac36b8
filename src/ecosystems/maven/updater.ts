import type { UpdaterFactory } from "../../contracts/updater.js";
import { osvUpdaterFactory } from "../../feeds/osv/updater.js";

export const MAVEN_NAMESPACE = "osv:Maven";
export const MAVEN_OSV_URL = "https://osv-vulnerabilities.storage.googleapis.com/Maven/all.zip";
export const MAVEN_UPDATER_ID = "osv/maven";

/**
 * OSV.dev's Maven export (GHSA-sourced; package names are `groupId:artifactId`). `upstream`/`url`:
 * the bulk `all.zip`; `file`: that zip or one OSV JSON file; `dir`: a mirror of OSV JSON files
 * (or one holding a `maven/` folder). Only `Maven` affected entries are kept.
 */
export const mavenUpdaters: UpdaterFactory = osvUpdaterFactory({
  id: MAVEN_UPDATER_ID,
  upstreamZipUrl: MAVEN_OSV_URL,
  osvEcosystem: "Maven",
  ecosystemDir: "maven",
  namespaceOf: (ecosystem) => (ecosystem === "Maven" ? MAVEN_NAMESPACE : undefined),
  versionScheme: "maven",
  cvssSource: "ghsa",
});
