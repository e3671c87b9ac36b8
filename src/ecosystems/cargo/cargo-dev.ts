import { parse as parseToml } from "smol-toml";
import type { FileTree } from "../../contracts/file-tree.js";

/**
 * Which crates of a Cargo.lock only `[dev-dependencies]` reach, read from the Cargo.toml files
 * beside it (the package, or a workspace root and its members). Cargo.lock alone cannot tell:
 * it lists a member's dev-dependencies in the same `dependencies` array as the others.
 *
 * A crate is dev when dev-dependencies of some member reach it and no normal or build dependency
 * of any member does (build scripts run at build time, but Trivy and cargo-audit count them as
 * shipped, and so do we). With no readable Cargo.toml everything stays non-dev, so nothing is
 * left out of matching on a guess.
 */

type Table = Record<string, unknown>;

const isTable = (v: unknown): v is Table => typeof v === "object" && v !== null && !Array.isArray(v);

interface LockNode {
  readonly name: string;
  readonly version: string;
  readonly deps: readonly string[];
}

/** The `[[package]]` tables with their `dependencies` arrays; null when the file is not TOML. */
function lockGraph(lockText: string): LockNode[] | null {
  let doc: Table;
  try {
    doc = parseToml(lockText);
  } catch {
    return null;
  }
  const packages = Array.isArray(doc["package"]) ? doc["package"].filter(isTable) : [];
  return packages.flatMap((p) => {
    const name = p["name"];
    const version = p["version"];
    if (typeof name !== "string" || typeof version !== "string") return [];
    const deps = Array.isArray(p["dependencies"]) ? p["dependencies"].filter((d): d is string => typeof d === "string") : [];
    return [{ name, version, deps }];
  });
}

/** The crate names (after `package = "…"` renames) a manifest declares in each kind of section. */
function declared(manifest: Table): { prod: Set<string>; dev: Set<string> } {
  const prod = new Set<string>();
  const dev = new Set<string>();
  const add = (into: Set<string>, section: unknown): void => {
    if (!isTable(section)) return;
    for (const [key, spec] of Object.entries(section)) {
      const renamed = isTable(spec) && typeof spec["package"] === "string" ? spec["package"] : key;
      into.add(renamed);
    }
  };
  // Platform-specific sections: [target.'cfg(unix)'.dev-dependencies] and the like.
  const scopes = [manifest, ...(isTable(manifest["target"]) ? Object.values(manifest["target"]).filter(isTable) : [])];
  for (const scope of scopes) {
    add(prod, scope["dependencies"]);
    add(prod, scope["build-dependencies"]);
    add(dev, scope["dev-dependencies"]);
  }
  return { prod, dev };
}

function readManifest(tree: FileTree, path: string): Table | null {
  const body = tree.read(path);
  if (body === undefined) return null;
  try {
    return parseToml(body.toString("utf8"));
  } catch {
    return null;
  }
}

const join = (dir: string, rel: string): string => (dir === "" ? rel : `${dir}/${rel}`).replace(/\/\.\//g, "/").replace(/^\.\//, "");

/** The workspace's member manifests: literal paths, and `dir/*` globs matched against the tree. */
function memberManifests(tree: FileTree, dir: string, root: Table): string[] {
  const workspace = root["workspace"];
  const members = isTable(workspace) && Array.isArray(workspace["members"]) ? workspace["members"].filter((m): m is string => typeof m === "string") : [];
  const paths: string[] = [];
  for (const m of members) {
    if (!m.includes("*")) {
      paths.push(join(dir, `${m.replace(/\/$/, "")}/Cargo.toml`));
      continue;
    }
    const prefix = join(dir, m.slice(0, m.indexOf("*")));
    for (const e of tree.entries()) {
      if (e.type !== "file" || !e.path.startsWith(prefix) || !e.path.endsWith("/Cargo.toml")) continue;
      // One directory level below the glob's prefix, as `crates/*` means.
      if (!e.path.slice(prefix.length, -"/Cargo.toml".length).includes("/")) paths.push(e.path);
    }
  }
  return paths;
}

/**
 * `name@version` of every dev-only crate of the Cargo.lock at `lockPath`, or an empty set when
 * no Cargo.toml beside it can be read.
 */
export function cargoDevCrates(tree: FileTree, lockPath: string, lockText: string): Set<string> {
  const dir = lockPath.includes("/") ? lockPath.slice(0, lockPath.lastIndexOf("/")) : "";
  const root = readManifest(tree, join(dir, "Cargo.toml"));
  if (root === null) return new Set();
  const members = memberManifests(tree, dir, root)
    .map((p) => readManifest(tree, p))
    .filter((m): m is Table => m !== null);
  const manifests = [root, ...members].filter((m) => isTable(m["package"]));
  const graph = lockGraph(lockText);
  if (graph === null || manifests.length === 0) return new Set();
  const byName = new Map<string, LockNode[]>();
  for (const n of graph) byName.set(n.name, [...(byName.get(n.name) ?? []), n]);
  // A lock dependency is "name", "name version" or "name version (source)".
  const resolve = (dep: string): LockNode | undefined => {
    const [name, version] = dep.split(" ");
    const candidates = byName.get(name!) ?? [];
    return version === undefined ? candidates[0] : candidates.find((c) => c.version === version);
  };
  const reach = (starts: readonly LockNode[]): Set<string> => {
    const seen = new Set<string>();
    const stack = [...starts];
    while (stack.length > 0) {
      const n = stack.pop()!;
      const key = `${n.name}@${n.version}`;
      if (seen.has(key)) continue;
      seen.add(key);
      for (const d of n.deps) {
        const next = resolve(d);
        if (next !== undefined) stack.push(next);
      }
    }
    return seen;
  };
  const prodStarts: LockNode[] = [];
  const devStarts: LockNode[] = [];
  for (const manifest of manifests) {
    const pkg = manifest["package"] as Table;
    const candidates = typeof pkg["name"] === "string" ? (byName.get(pkg["name"]) ?? []) : [];
    const member = candidates.find((n) => n.version === pkg["version"]) ?? candidates[0];
    if (member === undefined) continue;
    prodStarts.push({ ...member, deps: [] });
    const { prod, dev } = declared(manifest);
    for (const d of member.deps) {
      const node = resolve(d);
      if (node === undefined) continue;
      // Declared in both (a feature-gated normal dep that tests also name): it ships.
      if (prod.has(node.name) || !dev.has(node.name)) prodStarts.push(node);
      else devStarts.push(node);
    }
  }
  const prodSet = reach(prodStarts);
  return new Set([...reach(devStarts)].filter((k) => !prodSet.has(k)));
}
