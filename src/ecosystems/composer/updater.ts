import type { UpdaterFactory } from "../../contracts/updater.js";
import { osvUpdaterFactory } from "../../feeds/osv/updater.js";
import { COMPOSER_NAMESPACE, composerKey } from "./matcher.js";
import { composerVersionScheme } from "./version.js";

export const COMPOSER_OSV_URL = "https://osv-vulnerabilities.storage.googleapis.com/Packagist/all.zip";
export const COMPOSER_UPDATER_ID = "osv/packagist";

/** OSV.dev's Packagist export: upstream all.zip, a mirror URL, a file, or a mirror dir. */
export const composerUpdaters: UpdaterFactory = osvUpdaterFactory({
  id: COMPOSER_UPDATER_ID,
  upstreamZipUrl: COMPOSER_OSV_URL,
  osvEcosystem: "Packagist",
  ecosystemDir: "Packagist",
  namespaceOf: (ecosystem) => (ecosystem === "Packagist" ? COMPOSER_NAMESPACE : undefined),
  packageNameOf: (name) => composerKey(name),
  versionScheme: composerVersionScheme.id,
  cvssSource: "ghsa",
});
