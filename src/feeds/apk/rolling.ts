import { join } from "node:path";
import type { Matcher } from "../../contracts/matcher.js";
import type { DistributionScanner } from "../../contracts/scanner.js";
import type { FeedSource, UpdaterFactory } from "../../contracts/updater.js";
import { osReleaseDistributionScanner } from "../../formats/os-release-scanner.js";
import { isApkVersionAffected } from "../../formats/apk/affected.js";
import { secdbUpdater } from "./secdb-updater.js";

/**
 * Building blocks for rolling apk distributions (Wolfi, Chainguard): one secdb file for the
 * whole distribution, one namespace (`wolfi:rolling`), os-release as the only marker.
 */
export interface RollingApkDistro {
  /** os-release ID and ecosystem name, e.g. `wolfi`. */
  readonly id: string;
  /** Upstream secdb URL; its last path segment is the file name used under `dir`/`url` sources. */
  readonly upstreamUrl: string;
  readonly link: (vulnerabilityId: string) => string;
}

export const rollingNamespace = (d: RollingApkDistro): string => `${d.id}:rolling`;

export function rollingDistributionScanner(d: RollingApkDistro): DistributionScanner {
  return osReleaseDistributionScanner({
    id: `${d.id}-release`,
    version: 1,
    ids: [d.id],
    // Rolling distributions may leave VERSION_ID out; `rolling` keeps purls meaningful.
    release: (vars) => ({ id: d.id, versionId: vars["VERSION_ID"] || "rolling", codename: null, prettyName: vars["PRETTY_NAME"] ?? null }),
  });
}

/** `upstream` → the vendor URL; `url` → mirror base + the upstream file name; `dir` → that name inside; `file` → as is. */
export function rollingUpdaters(d: RollingApkDistro): UpdaterFactory {
  const fileName = new URL(d.upstreamUrl).pathname.split("/").pop() || "security.json";
  const locate = (source: FeedSource): string => {
    switch (source.kind) {
      case "upstream":
        return d.upstreamUrl;
      case "url":
        return new URL(fileName, source.url.endsWith("/") ? source.url : `${source.url}/`).toString();
      case "dir":
        return join(source.path, fileName);
      case "file":
        return source.path;
    }
  };
  return async (source) => [secdbUpdater({ id: d.id, location: locate(source), namespace: rollingNamespace(d), link: d.link })];
}

/** Matches apk packages of the distribution through their origin, in `<id>:rolling`. */
export function rollingMatcher(d: RollingApkDistro): Matcher {
  return {
    id: d.id,
    handles: (pkg, distribution) => pkg.type === "apk" && distribution?.id === d.id,
    queries: (pkg) => [{ namespace: rollingNamespace(d), packageName: pkg.source?.name ?? pkg.name, packageKind: "source" }],
    isAffected: (pkg, advisory) => isApkVersionAffected(pkg.version, advisory),
  };
}
