import type { FileTree } from "../../contracts/file-tree.js";
import type { PackageScanner } from "../../contracts/scanner.js";
import { scanLockfiles } from "../../formats/lockfile-scan.js";
import { formatPurl } from "../../formats/purl.js";
import { type ComposerEntry, parseComposerLock, parseInstalledJson } from "./installed.js";

/** `vendor/name` → purl namespace `vendor`, name `name`. */
export function composerPurl(name: string, version: string): string {
  const slash = name.indexOf("/");
  return slash > 0
    ? formatPurl({ type: "composer", namespace: name.slice(0, slash), name: name.slice(slash + 1), version })
    : formatPurl({ type: "composer", name, version });
}

function kindOf(path: string): "lock" | "installed" | undefined {
  if (path === "composer.lock" || path.endsWith("/composer.lock")) return "lock";
  if (path === "vendor/composer/installed.json" || path.endsWith("/vendor/composer/installed.json")) return "installed";
  return undefined;
}

/** PHP packages from `composer.lock` and `vendor/composer/installed.json`; require-dev ones flagged `dev`. */
export const composerScanner: PackageScanner = {
  id: "composer",
  version: 1,
  kind: "package",
  wants: ["**/composer.lock", "**/vendor/composer/installed.json"],
  scan(tree: FileTree) {
    return scanLockfiles(
      tree,
      kindOf,
      (kind, text): ComposerEntry[] | string => (kind === "lock" ? parseComposerLock : parseInstalledJson)(text),
      (p, path) => ({
        name: p.name,
        version: p.version,
        type: "composer",
        arch: null,
        source: null,
        purl: composerPurl(p.name, p.version),
        foundIn: path,
        ...(p.dev ? { dev: true } : {}),
        ...(p.licenses.length > 0 ? { licenses: p.licenses } : {}),
      }),
    );
  },
};
