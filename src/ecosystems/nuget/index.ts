import type { Ecosystem } from "../../contracts/ecosystem.js";
import { nugetMatcher } from "./matcher.js";
import { nugetCentralPackagesScanner } from "./packages-props.js";
import { nugetScanner } from "./scanner.js";
import { nugetUpdaters } from "./updater.js";

export { type NuGetEntry, parseDepsJson, parsePackagesLock } from "./deps-json.js";
export { NUGET_NAMESPACE, nugetKey, nugetMatcher } from "./matcher.js";
export { type CentralPackage, isCentralPackagesFile, nugetCentralPackagesScanner, parsePackagesProps } from "./packages-props.js";
export { nugetPurl, nugetScanner } from "./scanner.js";
export { NUGET_OSV_URL, NUGET_UPDATER_ID, nugetUpdaters } from "./updater.js";
export { compareNuGetVersions, nugetVersionScheme, parseNuGetVersion } from "./version.js";

/** .NET: `*.deps.json`, `packages.lock.json` and central pins (`Directory.Packages.props`, `packages.props`), matched against OSV `NuGet` with NuGet version ordering. */
export const nuget: Ecosystem = {
  name: "nuget",
  distributionScanners: [],
  packageScanners: [nugetScanner, nugetCentralPackagesScanner],
  updaters: nugetUpdaters,
  updaterIds: ["osv/nuget"],
  matcher: nugetMatcher,
};
