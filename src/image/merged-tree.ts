import type { FileTree, LayeredFileTree, TreeEntry } from "../contracts/file-tree.js";
import type { Problem } from "../core/problem.js";
import type { Digest } from "../core/digest.js";
import type { BufferBudget, Reclaimer } from "./buffer-budget.js";
import type { LayerEntry } from "./layer-walk.js";
import { parentOf, type WantMatcher } from "./paths.js";
import { TreeView, type SlotLookup } from "./tree-view.js";

/** A path removed in `layerIndex` (by a whiteout, an opaque dir, or a file replacing a dir). */
interface Tombstone {
  readonly removedIn: number;
}
type Slot = TreeEntry | Tombstone;

function slotLayer(s: Slot): number {
  return "removedIn" in s ? s.removedIn : s.layerIndex;
}

function isLive(s: Slot | undefined): s is TreeEntry {
  return s !== undefined && !("removedIn" in s);
}

/**
 * Builds the merged filesystem of an image layer by layer. Every path keeps its history (one slot
 * per layer that touched it), so `at(i)` can answer for any layer without a second pass.
 */
export class MergedTreeBuilder {
  /** One slot, or the history of slots in layer order when a path was touched more than once. */
  private readonly slots = new Map<string, Slot | Slot[]>();
  /** Every path ever seen, by parent directory: whiteouts of a directory remove its subtree. */
  private readonly children = new Map<string, Set<string>>();
  private readonly contents = new Map<TreeEntry, Buffer>();
  /** Held contents a later layer replaced or removed, oldest first: only `at(i)` still reads them. */
  private readonly superseded: TreeEntry[] = [];
  private readonly changed: string[][] = [];
  private layer: Digest | null = null;
  private layerIndex = -1;

  /**
   * With a budget, contents are charged to it, and older copies are let go when it runs short.
   * `onWanted` hears of each wanted path as its entry is applied (the indexer starts loading the
   * scanners that read it while the rest of the image streams).
   */
  constructor(
    private readonly wants: WantMatcher,
    private readonly budget?: BufferBudget,
    private readonly onWanted?: (path: string) => void,
  ) {
    budget?.onPressure(this.letGo);
  }

  beginLayer(index: number, diffId: Digest): void {
    this.layerIndex = index;
    this.layer = diffId;
    this.changed[index] = [];
  }

  /** Applies one tar entry of the current layer. Bound so it can be passed as a callback. */
  readonly apply = (e: LayerEntry): void => {
    const L = this.layerIndex;
    if (e.kind === "whiteout") {
      this.removeTree(e.path, L, true);
      return;
    }
    if (e.kind === "opaque") {
      this.removeTree(e.path, L, false);
      return;
    }
    const prev = this.current(e.path);
    // A file written over a directory hides what lower layers had below it.
    if (e.kind !== "dir" && isLive(prev) && prev.type === "dir") this.removeTree(e.path, L, false);
    const entry: TreeEntry = {
      path: e.path,
      type: e.kind,
      mode: e.mode,
      uid: e.uid,
      gid: e.gid,
      size: e.size,
      linkTarget: e.linkTarget,
      layer: this.layer as Digest,
      layerIndex: L,
      ...(e.probes ? { probes: e.probes } : {}),
    };
    if (e.content !== null) this.contents.set(entry, e.content);
    this.put(e.path, entry, prev);
    if (isLive(prev) && this.contents.has(prev)) {
      // Rewritten within one layer, the old bytes are unreachable; from a lower layer, they are history.
      if (prev.layerIndex === L) this.drop(prev, false);
      else this.superseded.push(prev);
    }
    // Probed paths count as changes too, so probe-based scanners can attribute layers.
    const wanted = this.wants.matches(e.path);
    if (wanted) this.onWanted?.(e.path);
    if (wanted || e.probes !== undefined || (isLive(prev) && prev.probes !== undefined)) this.changed[L]!.push(e.path);
  };

  private current(path: string): Slot | undefined {
    const s = this.slots.get(path);
    return Array.isArray(s) ? s[s.length - 1] : s;
  }

  private put(path: string, slot: Slot, prev: Slot | undefined): void {
    if (prev === undefined) {
      this.slots.set(path, slot);
      this.link(path);
      return;
    }
    const existing = this.slots.get(path)!;
    const history = Array.isArray(existing) ? existing : [existing];
    // A path written twice in one layer: the later entry wins, history keeps one slot per layer.
    if (slotLayer(prev) === slotLayer(slot)) history[history.length - 1] = slot;
    else history.push(slot);
    if (!Array.isArray(existing)) this.slots.set(path, history);
  }

  private link(path: string): void {
    let child = path;
    let parent = parentOf(child);
    for (;;) {
      let set = this.children.get(parent);
      if (!set) {
        set = new Set();
        this.children.set(parent, set);
      }
      if (set.has(child)) return;
      set.add(child);
      if (parent === "") return;
      child = parent;
      parent = parentOf(parent);
    }
  }

  /** Removes lower-layer content at `path` (when `self`) and below it; this layer's entries stay. */
  private removeTree(path: string, L: number, self: boolean): void {
    if (self) this.tombstone(path, L);
    const stack = [path];
    while (stack.length > 0) {
      const dir = stack.pop()!;
      const kids = this.children.get(dir);
      if (!kids) continue;
      for (const kid of kids) {
        this.tombstone(kid, L);
        stack.push(kid);
      }
    }
  }

  private tombstone(path: string, L: number): void {
    const prev = this.current(path);
    if (!isLive(prev) || prev.layerIndex >= L) return;
    this.put(path, { removedIn: L }, prev);
    if (this.contents.has(prev)) this.superseded.push(prev);
    if (this.wants.matches(path) || prev.probes !== undefined) this.changed[L]!.push(path);
  }

  /**
   * Under budget pressure, history goes first: superseded copies oldest first, then the copy the
   * file being read is about to replace. Nothing is let go unless that makes enough room.
   */
  private readonly letGo: Reclaimer = (needed, path) => {
    const cur = this.current(path);
    const replaced = isLive(cur) && this.contents.has(cur) ? cur : undefined;
    let reclaimable = replaced ? this.contents.get(replaced)!.length : 0;
    for (const e of this.superseded) reclaimable += this.contents.get(e)?.length ?? 0;
    if (reclaimable < needed) return;
    let freed = 0;
    while (freed < needed && this.superseded.length > 0) freed += this.drop(this.superseded.shift()!, true);
    if (freed < needed && replaced) this.drop(replaced, true);
  };

  private drop(entry: TreeEntry, noted: boolean): number {
    const c = this.contents.get(entry);
    if (c === undefined) return 0;
    this.contents.delete(entry);
    this.budget?.release(c.length);
    if (noted) this.budget?.noteHistoryDropped(entry.path, c.length);
    return c.length;
  }

  /** Freezes the builder into the read-only tree. */
  finish(layerCount: number): LayeredFileTree {
    for (let i = 0; i < layerCount; i++) this.changed[i] ??= [];
    const slots = this.slots;
    const lookup: SlotLookup = (path, limit) => {
      const s = slots.get(path);
      if (s === undefined) return undefined;
      if (!Array.isArray(s)) return slotLayer(s) <= limit && isLive(s) ? s : undefined;
      for (let i = s.length - 1; i >= 0; i--) {
        const slot = s[i]!;
        if (slotLayer(slot) <= limit) return isLive(slot) ? slot : undefined;
      }
      return undefined;
    };
    return new LayeredTree(lookup, this.children, this.contents, this.changed, layerCount, this.budget?.problems() ?? []);
  }
}

class LayeredTree extends TreeView implements LayeredFileTree {
  private readonly views = new Map<number, FileTree>();

  constructor(
    lookup: SlotLookup,
    children: ReadonlyMap<string, ReadonlySet<string>>,
    contents: ReadonlyMap<TreeEntry, Buffer>,
    private readonly changed: readonly (readonly string[])[],
    readonly layerCount: number,
    readonly problems: readonly Problem[],
  ) {
    super(lookup, children, contents, Math.max(0, layerCount - 1));
  }

  at(layerIndex: number): FileTree {
    if (!Number.isInteger(layerIndex) || layerIndex < 0 || layerIndex >= this.layerCount) {
      throw new RangeError(`layer index ${layerIndex} is outside 0..${this.layerCount - 1}`);
    }
    let view = this.views.get(layerIndex);
    if (!view) {
      view = new TreeView(this.lookup, this.children, this.contents, layerIndex);
      this.views.set(layerIndex, view);
    }
    return view;
  }

  changedIn(layerIndex: number): readonly string[] {
    return this.changed[layerIndex] ?? [];
  }
}
