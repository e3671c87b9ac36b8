import type { Digest } from "./digest.js";

/**
 * Package types, named after their purl type: the one list the type, the SBOM reader (which
 * purls become packages) and anything that enumerates types take, so they cannot drift apart.
 */
export const PACKAGE_TYPES = [
  "deb",
  "apk",
  "rpm",
  "npm",
  "pypi",
  "golang",
  "maven",
  "gem",
  "cargo",
  "nuget",
  "composer",
  "pub",
  "hex",
  "swift",
  "cocoapods",
  "conan",
] as const;

export type PackageType = (typeof PACKAGE_TYPES)[number];

const PACKAGE_TYPE_SET: ReadonlySet<string> = new Set(PACKAGE_TYPES);

/** Whether a purl type (or any string) is one of claro's package types. */
export function isPackageType(s: string): s is PackageType {
  return PACKAGE_TYPE_SET.has(s);
}

/** What named a package when its database does not (a jar's pom.properties, pom.xml, manifest, or file name). */
export type PackageEvidence = "pom.properties" | "pom.xml" | "manifest" | "file-name";

/** A package found in an image, tied to the layer that introduced it. */
export interface Package {
  readonly name: string;
  readonly version: string;
  readonly type: PackageType;
  readonly arch: string | null;
  /** Source package (dpkg `Source:`, apk `origin`); matching keys on it. */
  readonly source: { readonly name: string; readonly version: string } | null;
  readonly purl: string;
  /** diffID of the layer that introduced this exact name@version. */
  readonly layer: Digest;
  /** Where the package database entry was read from, for problems and evidence. */
  readonly foundIn: string;
  /** Files the package owns, when cheap to know (dpkg `info/*.list`, apk `F:`/`R:`). */
  readonly files?: readonly string[];
  /** Language packages: a development-only dependency (lockfile `dev` flags), so it can be excluded. */
  readonly dev?: boolean;
  /** Licences as the package database records them (SPDX ids or expressions where it uses them). */
  readonly licenses?: readonly string[];
  /** Maven: which evidence named the coordinates, so a file-name guess can be told from a pom. */
  readonly evidence?: PackageEvidence;
  /** rpm: the MODULARITYLABEL (`name:stream:version:context`) of a package built in a module stream. */
  readonly modularityLabel?: string;
}

/** A package as a scanner sees it, before the indexer ties it to a layer. */
export type ScannedPackage = Omit<Package, "layer">;

/** The identity used to follow a package across layers: same name, arch and version. */
export function packageKey(p: Pick<Package, "type" | "name" | "arch" | "version">): string {
  return `${p.type}/${p.name}/${p.arch ?? ""}@${p.version}`;
}
