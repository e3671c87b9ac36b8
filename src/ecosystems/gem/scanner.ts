import type { FileTree } from "../../contracts/file-tree.js";
import type { PackageScanner } from "../../contracts/scanner.js";
import type { ScannedPackage } from "../../core/package.js";
import type { Problem } from "../../core/problem.js";
import { formatPurl } from "../../formats/purl.js";
import { parseGemfileLock } from "./gemfile-lock.js";
import { parseGemspec } from "./gemspec.js";

export function gemPurl(name: string, version: string, platform: string | null = null): string {
  return formatPurl({ type: "gem", name, version, qualifiers: { platform } });
}

const SPEC_RE = /(?:^|\/)specifications\/[^/]+\.gemspec$/;

/** Installed gems: every `specifications/*.gemspec` (system Ruby, bundler's vendor dirs, rbenv…). */
export const gemspecScanner: PackageScanner = {
  id: "gemspec",
  version: 1,
  kind: "package",
  wants: ["**/specifications/*.gemspec"],
  scan(tree: FileTree) {
    const found: ScannedPackage[] = [];
    const problems: Problem[] = [];
    for (const e of tree.entries()) {
      if (e.type !== "file" || !SPEC_RE.test(e.path)) continue;
      const body = tree.read(e.path);
      if (body === undefined) continue;
      const spec = parseGemspec(body.toString("utf8"));
      if (spec === undefined) {
        problems.push({ kind: "malformed-record", path: e.path, line: null, detail: "gemspec without a literal name and version" });
        continue;
      }
      found.push({
        name: spec.name,
        version: spec.version,
        type: "gem",
        arch: null,
        source: null,
        purl: gemPurl(spec.name, spec.version),
        foundIn: e.path,
        ...(spec.licenses.length > 0 ? { licenses: spec.licenses } : {}),
      });
    }
    return { found, problems };
  },
};

/** Gems a Gemfile.lock resolved, from its GEM, GIT, PATH and plugin sections. */
export const gemfileLockScanner: PackageScanner = {
  id: "gemfile-lock",
  version: 1,
  kind: "package",
  wants: ["**/Gemfile.lock"],
  scan(tree: FileTree) {
    const found: ScannedPackage[] = [];
    for (const e of tree.entries()) {
      if (e.type !== "file" || !(e.path === "Gemfile.lock" || e.path.endsWith("/Gemfile.lock"))) continue;
      const body = tree.read(e.path);
      if (body === undefined) continue;
      const seen = new Set<string>();
      for (const g of parseGemfileLock(body.toString("utf8"))) {
        const key = `${g.name}@${g.version}-${g.platform ?? ""}`;
        if (seen.has(key)) continue;
        seen.add(key);
        found.push({
          name: g.name,
          version: g.version,
          type: "gem",
          arch: g.platform,
          source: null,
          purl: gemPurl(g.name, g.version, g.platform),
          foundIn: e.path,
        });
      }
    }
    return { found, problems: [] };
  },
};
