import { osvUpdaterFactory } from "../../feeds/osv/updater.js";
import { GO_NAMESPACE } from "./matcher.js";

export const GO_OSV_UPSTREAM = "https://osv-vulnerabilities.storage.googleapis.com/Go/all.zip";
export const GO_UPDATER_ID = "osv/go";

/** The Go vulnerability database as OSV: upstream all.zip, a mirror URL, a file, or a `go/` mirror dir. */
export const goUpdaters = osvUpdaterFactory({
  id: GO_UPDATER_ID,
  osvEcosystem: "Go",
  upstreamZipUrl: GO_OSV_UPSTREAM,
  ecosystemDir: "go",
  namespaceOf: (ecosystem) => (ecosystem === "Go" ? GO_NAMESPACE : undefined),
  versionScheme: "go-semver",
});
