import { z } from "zod";

/**
 * .NET `*.deps.json` (written by the SDK next to every published app) and NuGet's
 * `packages.lock.json`. Only NuGet packages are reported: `project` libraries are the app and its
 * own projects, not packages anyone publishes advisories for.
 */

export interface NuGetEntry {
  readonly name: string;
  readonly version: string;
}

const depsSchema = z.object({
  runtimeTarget: z.object({ name: z.string() }).partial().optional(),
  targets: z.record(z.string(), z.record(z.string(), z.record(z.string(), z.unknown()).nullable())).optional(),
  libraries: z.record(z.string(), z.object({ type: z.string() }).passthrough()),
});

// Self-contained apps carry the runtime as `runtimepack.<Microsoft.NETCore.App.Runtime.rid>`;
// advisories name the runtime package without that prefix (as Trivy reports it).
const RUNTIMEPACK = "runtimepack.";

function splitKey(key: string): NuGetEntry | undefined {
  const slash = key.lastIndexOf("/");
  if (slash <= 0 || slash === key.length - 1) return undefined;
  return { name: key.slice(0, slash), version: key.slice(slash + 1) };
}

/**
 * The packages of a deps.json. Like Trivy, a package whose entry in the runtime target lists no
 * `runtime`, `runtimeTargets` or `native` assets is skipped: nothing of it is deployed (reference
 * and meta-packages such as `NETStandard.Library`, or assemblies the shared framework supplies).
 * A package missing from the target altogether is kept, for lack of evidence either way.
 */
export function parseDepsJson(text: string): NuGetEntry[] | string {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return `not JSON: ${e instanceof Error ? e.message : String(e)}`;
  }
  const parsed = depsSchema.safeParse(doc);
  if (!parsed.success) return "not a .deps.json document (no `libraries` object)";
  const { libraries, targets, runtimeTarget } = parsed.data;
  const target = targets?.[runtimeTarget?.name ?? ""] ?? {};
  const out: NuGetEntry[] = [];
  for (const [key, lib] of Object.entries(libraries)) {
    if (lib.type !== "package" && lib.type !== "runtimepack") continue;
    const entry = splitKey(key);
    if (entry === undefined) continue;
    const assets = target[key];
    if (assets !== undefined && assets !== null && !("runtime" in assets || "runtimeTargets" in assets || "native" in assets)) continue;
    out.push(lib.type === "runtimepack" && entry.name.startsWith(RUNTIMEPACK) ? { ...entry, name: entry.name.slice(RUNTIMEPACK.length) } : entry);
  }
  return out;
}

const lockSchema = z.object({
  version: z.number().optional(),
  dependencies: z.record(z.string(), z.record(z.string(), z.object({ type: z.string().optional(), resolved: z.string().optional() }).passthrough())),
});

/**
 * NuGet's `packages.lock.json`: per target framework, every `Direct`, `Transitive` and
 * `CentralTransitive` package with its `resolved` version; `Project` references are the
 * solution's own projects and are left out. A package resolved for several frameworks counts once.
 */
export function parsePackagesLock(text: string): NuGetEntry[] | string {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return `not JSON: ${e instanceof Error ? e.message : String(e)}`;
  }
  const parsed = lockSchema.safeParse(doc);
  if (!parsed.success) return "not a packages.lock.json document (no `dependencies` object)";
  const seen = new Set<string>();
  const out: NuGetEntry[] = [];
  for (const framework of Object.values(parsed.data.dependencies)) {
    for (const [name, dep] of Object.entries(framework)) {
      if (dep.type === "Project" || dep.resolved === undefined) continue;
      const key = `${name.toLowerCase()}@${dep.resolved.toLowerCase()}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ name, version: dep.resolved });
    }
  }
  return out;
}
