/**
 * Debian release codenames and their major versions. The security tracker keys releases by
 * codename; namespaces use the number (`debian:12`), as Grype and Trivy do.
 */
const RELEASES: readonly (readonly [codename: string, version: string])[] = [
  ["buzz", "1.1"],
  ["rex", "1.2"],
  ["bo", "1.3"],
  ["hamm", "2.0"],
  ["slink", "2.1"],
  ["potato", "2.2"],
  ["woody", "3.0"],
  ["sarge", "3.1"],
  ["etch", "4"],
  ["lenny", "5"],
  ["squeeze", "6"],
  ["wheezy", "7"],
  ["jessie", "8"],
  ["stretch", "9"],
  ["buster", "10"],
  ["bullseye", "11"],
  ["bookworm", "12"],
  ["trixie", "13"],
  ["forky", "14"],
  ["duke", "15"],
];

/** The rolling suites have no number; they share one namespace, `debian:unstable`. */
const ROLLING = new Set(["sid", "unstable"]);

export const UNSTABLE = "unstable";

/** `bookworm` → `12`, `sid` → `unstable`; undefined for names Debian has not used. */
export function versionOfCodename(codename: string): string | undefined {
  const c = codename.trim().toLowerCase();
  if (ROLLING.has(c)) return UNSTABLE;
  return RELEASES.find(([name]) => name === c)?.[1];
}

/** `12` or `12.5` → `bookworm`. */
export function codenameOfVersion(version: string): string | undefined {
  const major = releaseKey(version);
  return RELEASES.find(([, v]) => v === major)?.[0];
}

/**
 * The namespace key of a version: the major number from 4 (etch) on, `major.minor` before,
 * when Debian numbered releases that way. `12.5` → `12`, `2.2` → `2.2`.
 */
export function releaseKey(version: string): string {
  const v = version.trim();
  const [major, minor] = v.split(".");
  if (major !== undefined && /^[0-9]+$/.test(major) && Number(major) >= 4) return major;
  return minor !== undefined ? `${major}.${minor}` : v;
}
