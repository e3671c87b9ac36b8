import type { FileTree } from "../contracts/file-tree.js";
import type { DistributionScanner, ScanResult } from "../contracts/scanner.js";
import type { Distribution } from "../core/distribution.js";
import type { Problem } from "../core/problem.js";
import { parseOsRelease } from "./os-release.js";

/** Read in this order, as os-release(5) says: a file in /etc overrides the vendor's /usr/lib one. */
export const OS_RELEASE_PATHS = ["etc/os-release", "usr/lib/os-release"] as const;

export type OsReleaseVars = Readonly<Record<string, string>>;

/**
 * What a distribution makes of its os-release: a Distribution; a string, which is a
 * malformed-record problem at that file (VERSION_ID missing…); null when it is not this
 * distribution after all; or a whole ScanResult when more files are read beside it.
 */
export type ReleaseOf = (vars: OsReleaseVars, tree: FileTree, path: string) => Distribution | string | null | ScanResult<Distribution>;

export interface OsReleaseDistro {
  /** Scanner id and version (cached results are keyed on both). */
  readonly id: string;
  readonly version: number;
  /** The os-release IDs of this distribution; null lets `release` decide (RHEL takes ID_LIKE derivatives). */
  readonly ids: readonly string[] | null;
  /** Default: `standardRelease` (ID, VERSION_ID required, VERSION_CODENAME, PRETTY_NAME). */
  readonly release?: ReleaseOf;
  /** Further files the distribution reads: its fallbacks, apk's repositories. */
  readonly wants?: readonly string[];
  /**
   * Only when the image has no os-release at all: the distribution's own release file
   * (debian_version, fedora-release, system-release…). Derivatives ship those files too, so
   * they never override another distribution's os-release.
   */
  readonly withoutOsRelease?: (tree: FileTree) => ScanResult<Distribution>;
}

/** ID, VERSION_ID (a problem when empty), VERSION_CODENAME and PRETTY_NAME as they are. */
export function standardRelease(label?: string): ReleaseOf {
  return (vars) => {
    const versionId = vars["VERSION_ID"]?.trim() ?? "";
    if (versionId === "") return `${label ?? vars["ID"] ?? ""} os-release without VERSION_ID`;
    return { id: vars["ID"] ?? "", versionId, codename: vars["VERSION_CODENAME"] || null, prettyName: vars["PRETTY_NAME"] ?? null };
  };
}

const NONE: ScanResult<Distribution> = { found: [], problems: [] };

/**
 * The one os-release distribution scanner every distribution uses, each with its ids and
 * mapping: the first os-release file present decides; another distribution's ID means "not
 * this one" (no problem), and only with no os-release at all does the fallback run.
 */
export function osReleaseDistributionScanner(d: OsReleaseDistro): DistributionScanner {
  const release = d.release ?? standardRelease();
  return {
    id: d.id,
    version: d.version,
    kind: "distribution",
    wants: [...OS_RELEASE_PATHS, ...(d.wants ?? [])],
    scan(tree: FileTree): ScanResult<Distribution> {
      for (const path of OS_RELEASE_PATHS) {
        const raw = tree.read(path);
        if (raw === undefined) continue;
        const vars = parseOsRelease(raw.toString("utf8"));
        if (d.ids !== null && !d.ids.includes(vars["ID"] ?? "")) return NONE;
        const got = release(vars, tree, path);
        if (got === null) return NONE;
        if (typeof got === "string") return { found: [], problems: [problemAt(path, got)] };
        return "found" in got ? got : { found: [got], problems: [] };
      }
      return d.withoutOsRelease?.(tree) ?? NONE;
    },
  };
}

function problemAt(path: string, detail: string): Problem {
  return { kind: "malformed-record", path, line: null, detail };
}
