import { FatalError, type Problem } from "../../core/problem.js";
import { isBdbHash, readBdbHash } from "./bdb.js";
import { isNdb, readNdb } from "./ndb.js";
import { readRpmPackage, type RpmPackage } from "./package.js";
import { isSqlite, readSqliteRpmDb } from "./sqlite.js";

export type RpmDbKind = "bdb" | "sqlite" | "ndb";

export interface RpmDbResult {
  readonly packages: RpmPackage[];
  readonly problems: Problem[];
}

/**
 * Where rpm keeps its database inside an image, by backend. rpm ≥ 4.16 distributions (Fedora 33+,
 * RHEL 9, Mariner 2, SLE 15 SP3+) moved it to `usr/lib/sysimage/rpm` and keep a symlink at
 * `var/lib/rpm`; older ones use `var/lib/rpm` only.
 */
export const RPMDB_PATHS: readonly { readonly path: string; readonly kind: RpmDbKind }[] = [
  { path: "usr/lib/sysimage/rpm/rpmdb.sqlite", kind: "sqlite" },
  { path: "usr/lib/sysimage/rpm/Packages.db", kind: "ndb" },
  { path: "usr/lib/sysimage/rpm/Packages", kind: "bdb" },
  { path: "var/lib/rpm/rpmdb.sqlite", kind: "sqlite" },
  { path: "var/lib/rpm/Packages.db", kind: "ndb" },
  { path: "var/lib/rpm/Packages", kind: "bdb" },
];

const BY_BASENAME: Readonly<Record<string, RpmDbKind>> = { "rpmdb.sqlite": "sqlite", "Packages.db": "ndb", Packages: "bdb" };

/**
 * The backend of a candidate rpmdb file: its file name must be one rpm uses and its bytes must
 * carry that backend's magic. Null otherwise (e.g. a Debian `Packages` index is not an rpmdb).
 */
export function detectRpmDb(path: string, data: Buffer): RpmDbKind | null {
  const base = path.slice(path.lastIndexOf("/") + 1);
  const kind = BY_BASENAME[base];
  if (kind === undefined) return null;
  const ok = kind === "bdb" ? isBdbHash(data) : kind === "ndb" ? isNdb(data) : isSqlite(data);
  return ok ? kind : null;
}

/**
 * Lists the packages of an rpmdb. A database that cannot be opened at all, a record that cannot
 * be reached and a header that cannot be decoded each become a Problem; every readable header is
 * still returned. The one exception is a database built to make the reader work without end (an
 * SQLite `Packages` that is a view, or goes past a limit): its package list cannot be trusted to
 * be whole, so it throws FatalError PACKAGE_DB_REJECTED rather than report an image as empty.
 */
export function parseRpmDb(kind: RpmDbKind, data: Buffer, path: string): RpmDbResult {
  const read = kind === "bdb" ? readBdbHash(data) : kind === "ndb" ? readNdb(data) : readSqliteRpmDb(data);
  if (typeof read === "string") {
    return { packages: [], problems: [{ kind: "unreadable-file", path, detail: `rpmdb (${kind}): ${read}` }] };
  }
  if ("rejected" in read) {
    throw new FatalError(
      "PACKAGE_DB_REJECTED",
      `${path}: rpm database (${kind}) refused: ${read.rejected}`,
      "the image carries a crafted or broken package database; scan an image from a source you trust",
    );
  }
  const problems: Problem[] = read.errors.map((detail) => ({ kind: "malformed-record", path, line: null, detail }));
  const packages: RpmPackage[] = [];
  for (const { key, blob } of read.values) {
    const r = readRpmPackage(blob);
    if (!r.ok) {
      problems.push({ kind: "malformed-record", path, line: null, detail: `header ${key}: ${r.detail}` });
      continue;
    }
    if (r.fileError !== null) problems.push({ kind: "malformed-record", path, line: null, detail: `header ${key}: ${r.fileError}` });
    packages.push(r.pkg);
  }
  return { packages, problems };
}
