import type { FileTree } from "../../contracts/file-tree.js";
import type { PackageScanner } from "../../contracts/scanner.js";
import type { ScannedPackage } from "../../core/package.js";
import type { Problem } from "../../core/problem.js";
import { mavenPackage } from "./jar-scanner.js";

/**
 * `gradle.lockfile` lines: `group:artifact:version=configuration,…`. Comments and the `empty=`
 * line (configurations without dependencies) carry no package. A dependency locked only for test
 * or annotation-processor configurations is flagged `dev`.
 */
export function parseGradleLockfile(text: string, foundIn: string): { found: ScannedPackage[]; problems: Problem[] } {
  const found: ScannedPackage[] = [];
  const problems: Problem[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith("empty=")) return;
    const [coords = "", configs = ""] = line.split("=", 2);
    const parts = coords.split(":");
    if (parts.length !== 3 || parts.some((p) => p === "")) {
      problems.push({ kind: "malformed-record", path: foundIn, line: i + 1, detail: `not group:artifact:version: ${coords}` });
      return;
    }
    const [groupId, artifactId, version] = parts as [string, string, string];
    const configurations = configs
      .split(",")
      .map((c) => c.trim())
      .filter((c) => c !== "");
    const dev = configurations.length > 0 && configurations.every((c) => /^test|AnnotationProcessor$|^annotationProcessor$/.test(c));
    found.push({ ...mavenPackage({ groupId, artifactId, version }, foundIn), ...(dev ? { dev: true } : {}) });
  });
  return { found, problems };
}

export const gradleLockScanner: PackageScanner = {
  id: "gradle-lockfile",
  version: 1,
  kind: "package",
  wants: ["**/gradle.lockfile"],
  scan(tree: FileTree) {
    const found: ScannedPackage[] = [];
    const problems: Problem[] = [];
    for (const e of tree.entries()) {
      if (e.type !== "file" || !(e.path === "gradle.lockfile" || e.path.endsWith("/gradle.lockfile"))) continue;
      const body = tree.read(e.path);
      if (body === undefined) continue;
      const r = parseGradleLockfile(body.toString("utf8"), e.path);
      found.push(...r.found);
      problems.push(...r.problems);
    }
    return { found, problems };
  },
};
