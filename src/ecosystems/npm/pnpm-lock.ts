import { parse as parseYaml } from "yaml";
import { parseSemver } from "./semver.js";
import { isRecord, mergeEntries, type LockEntry, type LockParse } from "./lock-entry.js";

/** `4.3.4(supports-color@8.1.1)` → `4.3.4`: peer-dependency suffixes are not part of the version. */
function stripPeers(v: string): string {
  const i = v.indexOf("(");
  return i < 0 ? v : v.slice(0, i);
}

/**
 * A `packages` key → name and version. v5: `/name/1.0.0` or `/@scope/name/1.0.0_peer@1`;
 * v6: `/name@1.0.0(peer@1)`; v9: `name@1.0.0` (no leading slash).
 */
function parseKey(key: string, major: number): { name: string; version: string } | null {
  const k = key.replace(/^\//, "");
  if (major < 6) {
    const slash = k.lastIndexOf("/");
    if (slash <= 0) return null;
    return { name: k.slice(0, slash), version: k.slice(slash + 1).split("_")[0]! };
  }
  const bare = stripPeers(k);
  const at = bare.indexOf("@", 1);
  return at < 0 ? null : { name: bare.slice(0, at), version: bare.slice(at + 1) };
}

type Graph = ReadonlyMap<string, readonly string[]>;

/** v9 keeps edges in `snapshots`: key `name@version(peers)`, values `dep: version(peers)`. */
function snapshotGraph(snapshots: Record<string, unknown>): Graph {
  const graph = new Map<string, string[]>();
  for (const [key, raw] of Object.entries(snapshots)) {
    const edges: string[] = [];
    if (isRecord(raw)) {
      for (const field of ["dependencies", "optionalDependencies"]) {
        const deps = raw[field];
        if (isRecord(deps)) for (const [n, v] of Object.entries(deps)) if (typeof v === "string") edges.push(`${n}@${v}`);
      }
    }
    graph.set(key, edges);
  }
  return graph;
}

function importerRoots(importers: Record<string, unknown>, fields: readonly string[]): string[] {
  const roots: string[] = [];
  for (const imp of Object.values(importers)) {
    if (!isRecord(imp)) continue;
    for (const field of fields) {
      const deps = imp[field];
      if (!isRecord(deps)) continue;
      for (const [n, d] of Object.entries(deps)) {
        const v = isRecord(d) ? d["version"] : d;
        if (typeof v === "string") roots.push(`${n}@${v}`);
      }
    }
  }
  return roots;
}

/** Names (`name@version`, peers stripped) reachable from `roots` through the snapshot graph. */
function reachable(roots: readonly string[], graph: Graph): Set<string> {
  const seen = new Set<string>();
  const out = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    const key = stack.pop()!;
    if (seen.has(key)) continue;
    seen.add(key);
    const at = key.indexOf("@", 1);
    if (at > 0) out.add(`${key.slice(0, at)}@${stripPeers(key.slice(at + 1))}`);
    for (const next of graph.get(key) ?? []) stack.push(next);
  }
  return out;
}

/**
 * Reads a `pnpm-lock.yaml`, lockfileVersion 5.x, 6.x and 9.x. v5/v6 mark each package `dev:
 * true|false` (omitted when it is both, which counts as shipped). v9 dropped the flag: a package
 * is dev when only the importers' `devDependencies` reach it through `snapshots`.
 */
export function parsePnpmLock(text: string): LockParse {
  let doc: unknown;
  try {
    // pnpm 9 can prepend a second YAML document (env lockfile); the first non-env one is the lockfile.
    doc = parseYaml(text.replace(/^---\n[\s\S]*?\n---\n/, ""), { uniqueKeys: false });
  } catch (e) {
    return { entries: [], errors: [`not YAML: ${e instanceof Error ? e.message : String(e)}`] };
  }
  if (!isRecord(doc)) return { entries: [], errors: ["not a YAML mapping"] };
  const major = Number.parseInt(String(doc["lockfileVersion"] ?? ""), 10);
  if (!Number.isFinite(major)) return { entries: [], errors: ["no lockfileVersion"] };
  const packages = isRecord(doc["packages"]) ? doc["packages"] : {};
  let isDev: (id: string, raw: unknown) => boolean = (_id, raw) => isRecord(raw) && raw["dev"] === true;
  if (major >= 9) {
    const graph = snapshotGraph(isRecord(doc["snapshots"]) ? doc["snapshots"] : {});
    const importers = isRecord(doc["importers"]) ? doc["importers"] : {};
    const prod = reachable(importerRoots(importers, ["dependencies", "optionalDependencies"]), graph);
    const dev = reachable(importerRoots(importers, ["devDependencies"]), graph);
    isDev = (id) => dev.has(id) && !prod.has(id);
  }
  const entries: LockEntry[] = [];
  const errors: string[] = [];
  for (const [key, raw] of Object.entries(packages)) {
    const parsed = parseKey(key, major);
    if (parsed === null) {
      errors.push(`cannot read package key ${JSON.stringify(key)}`);
      continue;
    }
    // Tarball and git packages carry their real name/version as fields when the key is a URL.
    const name = isRecord(raw) && typeof raw["name"] === "string" ? raw["name"] : parsed.name;
    const version = isRecord(raw) && typeof raw["version"] === "string" ? raw["version"] : parsed.version;
    if (parseSemver(version) === undefined) continue;
    entries.push({ name, version, dev: isDev(`${parsed.name}@${parsed.version}`, raw) });
  }
  return { entries: mergeEntries(entries), errors };
}
