import type { VersionOrder } from "../contracts/reporter.js";
import type { VersionScheme } from "../contracts/version-scheme.js";
import type { PackageType } from "../core/package.js";
import { composerVersionScheme } from "../ecosystems/composer/version.js";
import { conanVersionScheme } from "../ecosystems/conan/version.js";
import { gemVersionScheme } from "../ecosystems/gem/version.js";
import { goVersionScheme } from "../ecosystems/golang/version.js";
import { mavenVersionScheme } from "../ecosystems/maven/version.js";
import { npmSemverScheme } from "../ecosystems/npm/semver.js";
import { nugetVersionScheme } from "../ecosystems/nuget/version.js";
import { pep440Scheme } from "../ecosystems/pypi/pep440.js";
import { apkVersion } from "../formats/apk/version.js";
import { dpkgVersion } from "../formats/dpkg/version.js";
import { rpmVersion } from "../formats/rpm/version.js";
import { compareSemver, parseSemver } from "../formats/semver.js";
import { naturalVersionOrder } from "../report/remediation.js";

const semver: VersionScheme = { id: "semver", compare: compareSemver, isValid: (v) => parseSemver(v) !== undefined };

/** Each package type's own version order, for "the lowest version that fixes all findings" and diff's upgrade/downgrade. */
const SCHEMES: Readonly<Partial<Record<PackageType, VersionScheme>>> = {
  deb: dpkgVersion,
  apk: apkVersion,
  rpm: rpmVersion,
  npm: npmSemverScheme,
  pypi: pep440Scheme,
  golang: goVersionScheme,
  maven: mavenVersionScheme,
  gem: gemVersionScheme,
  cargo: semver,
  nuget: nugetVersionScheme,
  composer: composerVersionScheme,
  pub: semver,
  hex: semver,
  swift: semver,
  cocoapods: semver,
  conan: conanVersionScheme,
};

/** A version either scheme rejects falls back to a segment-wise order rather than throwing. */
export const compareVersions: VersionOrder = (type, a, b) => {
  const scheme = SCHEMES[type];
  if (scheme === undefined || !scheme.isValid(a) || !scheme.isValid(b)) return naturalVersionOrder(type, a, b);
  return scheme.compare(a, b);
};
