/**
 * Ubuntu releases: version, codename, and whether it is an LTS (the releases Ubuntu Pro / ESM
 * keeps patching after standard support ends). Namespaces use the version (`ubuntu:22.04`)
 * because that is what os-release's VERSION_ID and the OSV ecosystem (`Ubuntu:22.04:LTS`) carry.
 */
export interface UbuntuRelease {
  readonly version: string;
  readonly codename: string;
  readonly lts: boolean;
  /** Covered by ESM (esm-infra/esm-apps) through Ubuntu Pro: every LTS from 14.04 on. */
  readonly esm: boolean;
}

const rel = (version: string, codename: string, lts = false): UbuntuRelease => ({
  version,
  codename,
  lts,
  esm: lts && Number(version.split(".")[0]) >= 14,
});

export const UBUNTU_RELEASES: readonly UbuntuRelease[] = [
  rel("6.06", "dapper", true),
  rel("8.04", "hardy", true),
  rel("10.04", "lucid", true),
  rel("12.04", "precise", true),
  rel("12.10", "quantal"),
  rel("13.04", "raring"),
  rel("13.10", "saucy"),
  rel("14.04", "trusty", true),
  rel("14.10", "utopic"),
  rel("15.04", "vivid"),
  rel("15.10", "wily"),
  rel("16.04", "xenial", true),
  rel("16.10", "yakkety"),
  rel("17.04", "zesty"),
  rel("17.10", "artful"),
  rel("18.04", "bionic", true),
  rel("18.10", "cosmic"),
  rel("19.04", "disco"),
  rel("19.10", "eoan"),
  rel("20.04", "focal", true),
  rel("20.10", "groovy"),
  rel("21.04", "hirsute"),
  rel("21.10", "impish"),
  rel("22.04", "jammy", true),
  rel("22.10", "kinetic"),
  rel("23.04", "lunar"),
  rel("23.10", "mantic"),
  rel("24.04", "noble", true),
  rel("24.10", "oracular"),
  rel("25.04", "plucky"),
  rel("25.10", "questing"),
  rel("26.04", "resolute", true),
];

/** `jammy` → the 22.04 release. */
export function releaseOfCodename(codename: string): UbuntuRelease | undefined {
  const c = codename.trim().toLowerCase();
  return UBUNTU_RELEASES.find((r) => r.codename === c);
}

/** `22.04` or a point release `22.04.4` → the 22.04 release. */
export function releaseOfVersion(version: string): UbuntuRelease | undefined {
  const key = releaseKey(version);
  return UBUNTU_RELEASES.find((r) => r.version === key);
}

/** The `YY.MM` part of a version: os-release says `22.04`, lsb-release may say `22.04.4`. */
export function releaseKey(version: string): string {
  const m = /^([0-9]+\.[0-9]+)/.exec(version.trim());
  return m ? m[1]! : version.trim();
}
