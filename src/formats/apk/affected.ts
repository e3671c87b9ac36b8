import type { Advisory } from "../../core/advisory.js";
import type { VersionScheme } from "../../contracts/version-scheme.js";
import { apk3Version, apkVersion } from "./version.js";

const SCHEMES: Readonly<Record<string, VersionScheme>> = { [apkVersion.id]: apkVersion, [apk3Version.id]: apk3Version };

/**
 * Whether an apk package at `installed` is affected by a secdb-style advisory.
 * `fixed`: strictly below the fixed version — a package AT the fixed version carries the fix.
 * `not_affected`: never. Unfixed states: affected (within `introducedVersion`, when given).
 */
export function isApkVersionAffected(installed: string, advisory: Advisory): boolean {
  const scheme = SCHEMES[advisory.versionScheme] ?? apkVersion;
  if (advisory.status === "not_affected") return false;
  if (advisory.introducedVersion !== null && scheme.compare(installed, advisory.introducedVersion) < 0) return false;
  if (advisory.status === "fixed") {
    return advisory.fixedVersion !== null && scheme.compare(installed, advisory.fixedVersion) < 0;
  }
  return true;
}
