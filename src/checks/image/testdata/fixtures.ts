import type { FileTree, TreeEntry } from "../../../contracts/file-tree.js";
import type { ImageConfig } from "../../../core/image.js";
import type { Finding } from "../../../core/report.js";
import { type MemoryNode, memoryTree } from "../../../../test/support/memory-tree.js";
import type { ImageCheckInput } from "../input.js";

type ConfigBody = ImageConfig["config"];

/** A hand-written image config: `config({ User: "app" }, ["RUN apt-get update"])`. */
export function config(body: ConfigBody = {}, history: readonly string[] = []): ImageConfig {
  return {
    architecture: "amd64",
    os: "linux",
    config: body,
    rootfs: { type: "layers", diff_ids: [] },
    history: history.map((created_by) => ({ created_by })),
    raw: {},
  };
}

/**
 * memoryTree has fixed modes and owners; this wraps it so setuid bits and owners can be set
 * per path (`{ "usr/bin/su": { mode: 0o104755 } }`).
 */
export function withMeta(tree: FileTree, meta: Readonly<Record<string, Partial<Pick<TreeEntry, "mode" | "uid" | "gid">>>>): FileTree {
  const patch = (e: TreeEntry): TreeEntry => ({ ...e, ...(meta[e.path] ?? {}) });
  return {
    stat: (p) => {
      const e = tree.stat(p);
      return e === undefined ? undefined : patch(e);
    },
    resolve: (p) => tree.resolve(p),
    read: (p) => tree.read(p),
    list: (p) => tree.list(p).map(patch),
    entries: () => [...tree.entries()].map(patch),
  };
}

export function input(parts: {
  config?: ImageConfig | null;
  files?: Readonly<Record<string, MemoryNode>>;
  tree?: FileTree;
  ref?: string;
  tag?: string | null;
  findings?: readonly Finding[];
}): ImageCheckInput {
  return {
    ref: parts.ref ?? "registry:example.com/app:1.0",
    tag: parts.tag === undefined ? "1.0" : parts.tag,
    config: parts.config === undefined ? config() : parts.config,
    tree: parts.tree ?? memoryTree(parts.files ?? {}),
    ...(parts.findings !== undefined ? { findings: parts.findings } : {}),
  };
}
