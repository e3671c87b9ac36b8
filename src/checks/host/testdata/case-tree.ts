// Test support (not production): loads a `cases/<name>/` directory as a FileTree whose metadata
// (mode, uid, gid, type) can be set per path in `meta.json`, because git keeps neither owners nor
// most mode bits. Entries named only in meta.json (sockets) are added.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { FileTree, TreeEntry } from "../../../contracts/file-tree.js";
import { MEMORY_LAYER, memoryTreeFromDir } from "../../../../test/support/memory-tree.js";
import type { HostLoadOptions } from "../input.js";

interface MetaSpec {
  readonly mode?: string;
  readonly uid?: number;
  readonly gid?: number;
  readonly type?: TreeEntry["type"];
}

export const CASE_FILES = ["want.json", "meta.json", "options.json"];

export function withMeta(base: FileTree, meta: Readonly<Record<string, MetaSpec>>): FileTree {
  const over = new Map<string, TreeEntry>();
  for (const [path, m] of Object.entries(meta)) {
    const e = base.stat(path);
    over.set(path, {
      path,
      type: m.type ?? e?.type ?? "file",
      mode: m.mode !== undefined ? parseInt(m.mode, 8) : (e?.mode ?? 0o644),
      uid: m.uid ?? e?.uid ?? 0,
      gid: m.gid ?? e?.gid ?? 0,
      size: e?.size ?? 0,
      linkTarget: e?.linkTarget ?? null,
      layer: MEMORY_LAYER,
      layerIndex: 0,
    });
  }
  // Meta-only entries (sockets) get their missing parent directories.
  for (const path of [...over.keys()]) {
    const parts = path.split("/");
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join("/");
      if (base.stat(dir) === undefined && !over.has(dir)) {
        over.set(dir, { path: dir, type: "dir", mode: 0o755, uid: 0, gid: 0, size: 0, linkTarget: null, layer: MEMORY_LAYER, layerIndex: 0 });
      }
    }
  }
  const all = (): TreeEntry[] => {
    const m = new Map<string, TreeEntry>();
    for (const e of base.entries()) m.set(e.path, e);
    for (const [p, e] of over) m.set(p, e);
    return [...m.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  };
  const resolve = (path: string): string | undefined => {
    const r = base.resolve(path);
    if (r !== undefined) return r;
    const i = path.lastIndexOf("/");
    const parent = i < 0 ? "" : resolve(path.slice(0, i));
    if (parent === undefined) return undefined;
    const cand = parent === "" ? path.slice(i + 1) : `${parent}/${path.slice(i + 1)}`;
    return over.has(cand) ? cand : undefined;
  };
  return {
    stat: (p) => over.get(p) ?? base.stat(p),
    resolve,
    read: (p) => base.read(p),
    list: (prefix) => all().filter((e) => prefix === "" || e.path.startsWith(`${prefix}/`)),
    entries: () => all(),
  };
}

export interface HostCase {
  readonly name: string;
  readonly dir: string;
  readonly tree: FileTree;
  readonly want: Readonly<Record<string, string>>;
  readonly options: HostLoadOptions;
}

function readJson(path: string): unknown {
  return existsSync(path) ? JSON.parse(readFileSync(path, "utf8")) : undefined;
}

export function loadCase(dir: string, name: string): HostCase {
  const base = memoryTreeFromDir(dir, CASE_FILES);
  const meta = (readJson(join(dir, "meta.json")) ?? {}) as Record<string, MetaSpec>;
  const want = (readJson(join(dir, "want.json")) ?? {}) as Record<string, string>;
  const options = (readJson(join(dir, "options.json")) ?? {}) as HostLoadOptions;
  return { name, dir, tree: withMeta(base, meta), want, options };
}
