import { lstatSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { join, relative } from "node:path";
import type { Digest } from "../../src/core/digest.js";
import type { FileTree, TreeEntry } from "../../src/contracts/file-tree.js";

/** A file's content, a symlink, or an (otherwise empty) directory. */
export type MemoryNode = string | Buffer | { readonly symlink: string } | { readonly dir: true };

export const MEMORY_LAYER: Digest = `sha256:${"0".repeat(64)}`;

const MAX_HOPS = 40;

function normalise(path: string): string {
  return path
    .split("/")
    .filter((s) => s !== "" && s !== ".")
    .join("/");
}

/**
 * An in-memory FileTree for scanner tests: `memoryTree({ "etc/os-release": "ID=debian\n",
 * "etc/alt": { symlink: "../usr/lib/os-release" } })`. Parent directories are implied.
 * Symlinks resolve inside the root like the real tree: absolute targets restart at the root,
 * `..` stops at the root, and loops give undefined.
 */
export function memoryTree(nodes: Readonly<Record<string, MemoryNode>>, layer: Digest = MEMORY_LAYER): FileTree {
  const entries = new Map<string, TreeEntry>();
  const contents = new Map<string, Buffer>();
  const add = (path: string, type: TreeEntry["type"], size: number, linkTarget: string | null): void => {
    entries.set(path, { path, type, mode: type === "dir" ? 0o755 : 0o644, uid: 0, gid: 0, size, linkTarget, layer, layerIndex: 0 });
  };
  for (const [raw, node] of Object.entries(nodes)) {
    const path = normalise(raw);
    const parts = path.split("/");
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join("/");
      if (!entries.has(dir)) add(dir, "dir", 0, null);
    }
    if (typeof node === "string" || Buffer.isBuffer(node)) {
      const buf = Buffer.isBuffer(node) ? node : Buffer.from(node, "utf8");
      contents.set(path, buf);
      add(path, "file", buf.length, null);
    } else if ("symlink" in node) add(path, "symlink", 0, node.symlink);
    else add(path, "dir", 0, null);
  }

  const resolve = (path: string): string | undefined => {
    let pending = normalise(path).split("/").filter(Boolean);
    const done: string[] = [];
    let hops = 0;
    while (pending.length > 0) {
      const part = pending.shift()!;
      if (part === "..") {
        done.pop();
        continue;
      }
      const candidate = [...done, part].join("/");
      const entry = entries.get(candidate);
      if (entry?.type === "symlink" && entry.linkTarget !== null) {
        if (++hops > MAX_HOPS) return undefined;
        const target = entry.linkTarget;
        const base = target.startsWith("/") ? [] : done;
        pending = [...target.split("/").filter((s) => s !== "" && s !== "."), ...pending];
        done.splice(0, done.length, ...base);
        continue;
      }
      done.push(part);
    }
    const final = done.join("/");
    return final === "" || entries.has(final) ? final : undefined;
  };

  const sorted = (): TreeEntry[] => [...entries.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  return {
    stat: (path) => entries.get(normalise(path)),
    resolve,
    read: (path) => {
      const r = resolve(path);
      return r === undefined ? undefined : contents.get(r);
    },
    list: (prefix) => {
      const p = normalise(prefix);
      return sorted().filter((e) => (p === "" ? true : e.path.startsWith(`${p}/`)));
    },
    entries: () => sorted(),
  };
}

/**
 * Loads a `testdata/<case>/` directory as a tree: files become files and real symlinks stay
 * symlinks. Names in `skip` (e.g. `want.json`) at the top level are left out.
 */
export function memoryTreeFromDir(dir: string, skip: readonly string[] = ["want.json"]): FileTree {
  const nodes: Record<string, MemoryNode> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const rel = relative(dir, p);
      if (skip.includes(rel)) continue;
      const st = lstatSync(p);
      if (st.isSymbolicLink()) nodes[rel] = { symlink: readlinkSync(p) };
      else if (st.isDirectory()) {
        nodes[rel] = { dir: true };
        walk(p);
      } else nodes[rel] = readFileSync(p);
    }
  };
  walk(dir);
  return memoryTree(nodes);
}
