import type { UpdaterFactory } from "../../contracts/updater.js";
import { osvUpdaterFactory } from "../../feeds/osv/updater.js";
import { NUGET_NAMESPACE, nugetKey } from "./matcher.js";
import { nugetVersionScheme } from "./version.js";

export const NUGET_OSV_URL = "https://osv-vulnerabilities.storage.googleapis.com/NuGet/all.zip";
export const NUGET_UPDATER_ID = "osv/nuget";

/** OSV.dev's NuGet export (GHSA-sourced): upstream all.zip, a mirror URL, a file, or a mirror dir. */
export const nugetUpdaters: UpdaterFactory = osvUpdaterFactory({
  id: NUGET_UPDATER_ID,
  upstreamZipUrl: NUGET_OSV_URL,
  osvEcosystem: "NuGet",
  ecosystemDir: "NuGet",
  namespaceOf: (ecosystem) => (ecosystem === "NuGet" ? NUGET_NAMESPACE : undefined),
  packageNameOf: (name) => nugetKey(name),
  versionScheme: nugetVersionScheme.id,
  cvssSource: "ghsa",
});
