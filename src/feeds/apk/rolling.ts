import { join } from "node:path";
import type { Matcher } from "../../contracts/matcher.js";
import type { FeedSource, UpdaterFactory } from "../../contracts/updater.js";
import { isApkVersionAffected } from "../../formats/apk/affected.js";
import { rollingNamespace, type RollingApkDistro } from "../../formats/apk/rolling-release.js";
import { secdbUpdater } from "./secdb-updater.js";

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
