import type { Distribution } from "../../core/distribution.js";

/**
 * Why Fedora packages are listed but not matched (see readme.md): claro has no Fedora feed, so
 * an empty result would look like "no vulnerabilities". The scan command prints this instead.
 */
export function fedoraCoverageNote(distribution: Distribution): string | null {
  if (distribution.id !== "fedora") return null;
  return `${distribution.prettyName ?? `Fedora ${distribution.versionId}`}: packages are listed but NOT matched against any advisory feed (claro has no Fedora vulnerability data: OSV carries no Fedora ecosystem); an empty result does not mean the image has no known vulnerabilities`;
}
