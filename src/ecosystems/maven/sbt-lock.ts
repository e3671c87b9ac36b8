import { z } from "zod";
import type { PackageScanner } from "../../contracts/scanner.js";
import { scanLockfiles } from "../../formats/lockfile-scan.js";
import { mavenPackage } from "./jar-scanner.js";

/**
 * `build.sbt.lock`, written by the sbt-dependency-lock plugin (lockVersion 1): JSON with one
 * entry per resolved module, `org`, `name` (with the Scala suffix, `scala-xml_2.12`), `version`
 * and the sbt `configurations` it was resolved for. Modules are Maven artifacts, so they are
 * reported and matched as Maven packages (`org:name`). A module resolved only for `test` is dev.
 */
export interface SbtLockEntry {
  readonly groupId: string;
  readonly artifactId: string;
  readonly version: string;
  readonly dev: boolean;
}

const lockSchema = z.object({
  lockVersion: z.number().int(),
  dependencies: z.array(
    z.object({ org: z.string().min(1), name: z.string().min(1), version: z.string().min(1), configurations: z.array(z.string()).optional() }).passthrough(),
  ),
});

export function parseSbtLock(text: string): SbtLockEntry[] | string {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return `not JSON: ${e instanceof Error ? e.message : String(e)}`;
  }
  const parsed = lockSchema.safeParse(doc);
  if (!parsed.success) return "not a build.sbt.lock document (lockVersion and dependencies)";
  if (parsed.data.lockVersion !== 1) return `build.sbt.lock lockVersion ${parsed.data.lockVersion} is not known (1 is)`;
  return parsed.data.dependencies.map((d) => {
    const configurations = d.configurations ?? [];
    return { groupId: d.org, artifactId: d.name, version: d.version, dev: configurations.length > 0 && configurations.every((c) => c === "test") };
  });
}

/** Maven modules an sbt build locked with sbt-dependency-lock. */
export const sbtLockScanner: PackageScanner = {
  id: "sbt-lock",
  version: 1,
  kind: "package",
  wants: ["**/build.sbt.lock"],
  scan: (tree) =>
    scanLockfiles(
      tree,
      (path) => (path === "build.sbt.lock" || path.endsWith("/build.sbt.lock") ? "lock" : undefined),
      (_, text) => parseSbtLock(text),
      (e, path) => ({ ...mavenPackage(e, path), ...(e.dev ? { dev: true } : {}) }),
    ),
};
