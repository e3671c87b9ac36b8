import type { UpdaterFactory } from "../../contracts/updater.js";
import { osvUpdaterFactory } from "../../feeds/osv/updater.js";
import { GEM_NAMESPACE } from "./matcher.js";
import { gemVersionScheme } from "./version.js";

export const GEM_OSV_URL = "https://osv-vulnerabilities.storage.googleapis.com/RubyGems/all.zip";
export const GEM_UPDATER_ID = "osv/rubygems";

/** OSV.dev's RubyGems export: upstream all.zip, a mirror URL, a file, or a mirror dir. */
export const gemUpdaters: UpdaterFactory = osvUpdaterFactory({
  id: GEM_UPDATER_ID,
  upstreamZipUrl: GEM_OSV_URL,
  osvEcosystem: "RubyGems",
  ecosystemDir: "RubyGems",
  namespaceOf: (ecosystem) => (ecosystem === "RubyGems" ? GEM_NAMESPACE : undefined),
  versionScheme: gemVersionScheme.id,
  cvssSource: "ghsa",
});
