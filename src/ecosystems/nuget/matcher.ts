import type { Matcher } from "../../contracts/matcher.js";
import { isAffectedByRange } from "../../formats/osv/index.js";
import { compareNuGetVersions } from "./version.js";

export const NUGET_NAMESPACE = "osv:NuGet";

/** NuGet package ids are case-insensitive; advisories are stored and looked up lower-cased. */
export function nugetKey(name: string): string {
  return name.toLowerCase();
}

/** NuGet packages against OSV's `NuGet` ecosystem (GHSA), by case-folded package id. */
export const nugetMatcher: Matcher = {
  id: "nuget",
  handles: (pkg) => pkg.type === "nuget",
  queries: (pkg) => [{ namespace: NUGET_NAMESPACE, packageName: nugetKey(pkg.name), packageKind: "binary" }],
  isAffected: (pkg, advisory) => isAffectedByRange(pkg.version, advisory, compareNuGetVersions),
};
