import { isRecord, type LockEntry } from "./lock-entry.js";

interface Node {
  readonly key: string;
  readonly deps: readonly string[];
}

function unquote(s: string): string {
  return s.trim().replace(/^"/, "").replace(/"$/, "");
}

/**
 * The dependency graph of a yarn.lock, v1 (`  dependencies:` then `    name "range"`) or berry
 * (`    name: range`): every header descriptor → its name@version and the descriptors it needs.
 */
function graphOf(text: string): Map<string, Node> {
  const byDescriptor = new Map<string, Node>();
  let descriptors: string[] = [];
  let version: string | null = null;
  let deps: string[] = [];
  let inDeps = false;
  const flush = (): void => {
    if (version !== null) {
      const name = descriptors[0]?.slice(0, descriptors[0].indexOf("@", 1)) ?? "";
      const node = { key: `${name}@${version}`, deps };
      for (const d of descriptors) byDescriptor.set(d, node);
    }
    descriptors = [];
    version = null;
    deps = [];
    inDeps = false;
  };
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === "" || line.trimStart().startsWith("#")) continue;
    if (!/^\s/.test(line)) {
      flush();
      descriptors = line.replace(/:\s*$/, "").split(",").map(unquote);
      continue;
    }
    const v = /^ {2}"?version"?:?\s+"?([^"\s]+)"?\s*$/.exec(line);
    if (v) version = v[1]!;
    if (/^ {2}\S/.test(line)) inDeps = /^ {2}(dependencies|optionalDependencies):\s*$/.test(line);
    const dep = inDeps ? /^ {4}("?[^"\s:]+"?):?\s+"?([^"]+?)"?\s*$/.exec(line) : null;
    if (dep) deps.push(`${unquote(dep[1]!)}@${dep[2]!}`);
  }
  flush();
  return byDescriptor;
}

function reach(graph: Map<string, Node>, roots: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    const d = stack.pop()!;
    const at = d.indexOf("@", 1);
    // Berry headers say `name@npm:range` where dependency lists say `name: range`.
    const node = graph.get(d) ?? (at > 0 ? graph.get(`${d.slice(0, at)}@npm:${d.slice(at + 1)}`) : undefined);
    if (node === undefined || seen.has(node.key)) continue;
    seen.add(node.key);
    stack.push(...node.deps);
  }
  return seen;
}

function rootsOf(manifest: Record<string, unknown>, fields: readonly string[]): string[] {
  return fields.flatMap((f) => {
    const deps = manifest[f];
    return isRecord(deps)
      ? Object.entries(deps)
          .filter((e): e is [string, string] => typeof e[1] === "string")
          .map(([n, r]) => `${n}@${r}`)
      : [];
  });
}

/**
 * Dev flags for yarn.lock entries from the project's package.json: an entry is dev when
 * devDependencies reach it and dependencies (or optional and peer ones) do not. Entries neither
 * reaches (workspaces, stale lines) stay non-dev; so does everything when package.json is
 * unreadable.
 */
export function yarnDevFlags(text: string, entries: readonly LockEntry[], packageJson: string): LockEntry[] {
  let manifest: unknown;
  try {
    manifest = JSON.parse(packageJson);
  } catch {
    return [...entries];
  }
  if (!isRecord(manifest)) return [...entries];
  const graph = graphOf(text);
  const prod = reach(graph, rootsOf(manifest, ["dependencies", "optionalDependencies", "peerDependencies"]));
  const dev = reach(graph, rootsOf(manifest, ["devDependencies"]));
  return entries.map((e) => {
    const key = `${e.name}@${e.version}`;
    return dev.has(key) && !prod.has(key) ? { ...e, dev: true } : e;
  });
}
