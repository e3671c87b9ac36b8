import type { FileTree, TreeEntry } from "../contracts/file-tree.js";
import { clampPath } from "./paths.js";

/** The live entry at `path` as of layer `limit`, or undefined when absent or removed. */
export type SlotLookup = (path: string, limit: number) => TreeEntry | undefined;

/** Linux gives up after 40 links (MAXSYMLINKS); a longer chain is a loop for our purposes. */
const MAX_LINK_HOPS = 40;

/** The filesystem as it stood after layer `limit`. Paths never leave the image root. */
export class TreeView implements FileTree {
  private sorted: TreeEntry[] | null = null;

  constructor(
    protected readonly lookup: SlotLookup,
    protected readonly children: ReadonlyMap<string, ReadonlySet<string>>,
    protected readonly contents: ReadonlyMap<TreeEntry, Buffer>,
    protected readonly limit: number,
  ) {}

  stat(path: string): TreeEntry | undefined {
    const p = clampPath(path.split("/")).join("/");
    return this.lookup(p, this.limit);
  }

  resolve(path: string): string | undefined {
    const queue = path.split("/").reverse();
    const cur: string[] = [];
    let hops = 0;
    while (queue.length > 0) {
      const part = queue.pop()!;
      if (part === "" || part === ".") continue;
      if (part === "..") {
        // Clamped: `..` at the root stays at the root, as in a chroot.
        cur.pop();
        continue;
      }
      cur.push(part);
      const entry = this.lookup(cur.join("/"), this.limit);
      if (entry === undefined) {
        // Tars often omit directory entries: a missing component with live children is implicit.
        if (!this.hasChildren(cur.join("/"))) return undefined;
        continue;
      }
      if (entry.type !== "symlink" && entry.type !== "dir" && queue.some((q) => q !== "" && q !== ".")) {
        // Only a directory can have children (ENOTDIR); `..` after a file is not allowed either.
        return undefined;
      }
      if (entry.type !== "symlink" || entry.linkTarget === null) continue;
      if (++hops > MAX_LINK_HOPS) return undefined;
      cur.pop();
      const target = entry.linkTarget;
      // An absolute target restarts at the image root, never at the host's.
      if (target.startsWith("/")) cur.length = 0;
      const parts = target.split("/");
      for (let i = parts.length - 1; i >= 0; i--) queue.push(parts[i]!);
    }
    return cur.join("/");
  }

  private hasChildren(path: string): boolean {
    const kids = this.children.get(path);
    if (!kids) return false;
    for (const k of kids) if (this.lookup(k, this.limit) !== undefined || this.hasChildren(k)) return true;
    return false;
  }

  read(path: string): Buffer | undefined {
    let resolved = this.resolve(path);
    for (let hops = 0; resolved !== undefined && hops <= MAX_LINK_HOPS; hops++) {
      const entry = this.lookup(resolved, this.limit);
      if (entry === undefined) return undefined;
      if (entry.type === "file") return this.contents.get(entry);
      if (entry.type !== "hardlink" || entry.linkTarget === null) return undefined;
      // Hardlink targets are root-relative names of entries in the same tree.
      resolved = this.resolve(entry.linkTarget);
    }
    return undefined;
  }

  list(prefix: string): TreeEntry[] {
    const root = clampPath(prefix.split("/")).join("/");
    const out: TreeEntry[] = [];
    const stack = [root];
    while (stack.length > 0) {
      const kids = this.children.get(stack.pop()!);
      if (!kids) continue;
      for (const k of kids) {
        const e = this.lookup(k, this.limit);
        if (e !== undefined) out.push(e);
        stack.push(k);
      }
    }
    return out.sort(byPath);
  }

  entries(): Iterable<TreeEntry> {
    this.sorted ??= this.list("");
    return this.sorted;
  }
}

function byPath(a: TreeEntry, b: TreeEntry): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}
