import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter } from "yaml";
import type { Located } from "./spec-util.js";

/** What every cursor needs to turn a node into a located value. */
export interface YamlContext {
  readonly doc: Document;
  readonly lineCounter: LineCounter;
}

/** With merge keys enabled the `<<` key's value is a symbol; its source text is still `<<`. */
function isMergeKey(key: unknown): boolean {
  return isScalar(key) && (key.value === "<<" || (typeof key.value === "symbol" && key.source === "<<"));
}

function rangeStart(node: unknown): number | null {
  if (node !== null && typeof node === "object" && "range" in node) {
    const range = (node as { range?: unknown }).range;
    if (Array.isArray(range) && typeof range[0] === "number") return range[0];
  }
  return null;
}

/**
 * A read-only walk over a parsed YAML/JSON node that remembers its dotted key path and the line
 * of the key that introduced it, so every value a rule reads can be shown as evidence with a real
 * line. Works the same on JSON (a YAML 1.2 subset), which gives `docker inspect` lines for free.
 */
export class Cursor {
  constructor(
    readonly ctx: YamlContext,
    readonly node: unknown,
    readonly path: string,
    readonly line: number | null,
  ) {}

  static root(ctx: YamlContext, node: unknown, path = ""): Cursor {
    return new Cursor(ctx, node, path, lineOf(ctx, node));
  }

  private resolved(): unknown {
    return isAlias(this.node) ? this.node.resolve(this.ctx.doc) : this.node;
  }

  /** A map entry; `<<` merge keys are followed because compose files use them for shared settings. */
  get(key: string): Cursor | null {
    const node = this.resolved();
    if (!isMap(node)) return null;
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const k = isScalar(pair.key) && !isMergeKey(pair.key) ? String(pair.key.value) : null;
      if (k === key) {
        return new Cursor(this.ctx, pair.value, join(this.path, key), lineOf(this.ctx, pair.key) ?? lineOf(this.ctx, pair.value));
      }
    }
    for (const pair of node.items) {
      if (isPair(pair) && isMergeKey(pair.key)) {
        const merged = new Cursor(this.ctx, pair.value, this.path, this.line);
        const sources = merged.isSeq() ? merged.items() : [merged];
        for (const source of sources) {
          const hit = source.get(key);
          if (hit) return hit;
        }
      }
    }
    return null;
  }

  /** Follows a dotted path of map keys. */
  at(...keys: string[]): Cursor | null {
    let cur: Cursor | null = this;
    for (const k of keys) {
      cur = cur?.get(k) ?? null;
      if (!cur) return null;
    }
    return cur;
  }

  isMap(): boolean {
    return isMap(this.resolved());
  }

  isSeq(): boolean {
    return isSeq(this.resolved());
  }

  isNull(): boolean {
    const node = this.resolved();
    return node === null || node === undefined || (isScalar(node) && node.value === null);
  }

  items(): Cursor[] {
    const node = this.resolved();
    if (!isSeq(node)) return [];
    return node.items.map((item, i) => new Cursor(this.ctx, item, `${this.path}[${i}]`, lineOf(this.ctx, item) ?? this.line));
  }

  keys(): string[] {
    const node = this.resolved();
    if (!isMap(node)) return [];
    return node.items.flatMap((p) => (isPair(p) && isScalar(p.key) && !isMergeKey(p.key) ? [String(p.key.value)] : []));
  }

  scalar(): unknown {
    const node = this.resolved();
    return isScalar(node) ? node.value : undefined;
  }

  str(): string | null {
    const v = this.scalar();
    if (typeof v === "string") return v;
    if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
    return null;
  }

  num(): number | null {
    const v = this.scalar();
    if (typeof v === "number" && Number.isFinite(v)) return v;
    if (typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v);
    return null;
  }

  /** Accepts YAML 1.1 spellings because compose and older manifests still use them. */
  bool(): boolean | null {
    const v = this.scalar();
    if (typeof v === "boolean") return v;
    if (typeof v === "string") {
      const s = v.trim().toLowerCase();
      if (["true", "yes", "on", "y"].includes(s)) return true;
      if (["false", "no", "off", "n"].includes(s)) return false;
    }
    return null;
  }

  /** Sequence of scalars as strings (a lone scalar counts as a one-element list). */
  strings(): string[] {
    if (this.isSeq()) return this.items().flatMap((c) => (c.str() === null ? [] : [c.str() as string]));
    const s = this.str();
    return s === null ? [] : [s];
  }

  /** The value as a person would read it in evidence. */
  text(): string {
    const node = this.resolved();
    if (isScalar(node)) return node.value === null ? "null" : String(node.value);
    if (node && typeof node === "object" && "toJSON" in node) {
      return JSON.stringify((node as { toJSON: () => unknown }).toJSON());
    }
    return "";
  }

  /** A string value is its own evidence text (a port or mount summary); others show the node. */
  located<T>(value: T, text = typeof value === "string" ? value : this.text()): Located<T> {
    return { value, key: this.path, line: this.line, text };
  }
}

export function join(path: string, key: string): string {
  return path === "" ? key : `${path}.${key}`;
}

export function lineOf(ctx: YamlContext, node: unknown): number | null {
  const start = rangeStart(node);
  return start === null ? null : ctx.lineCounter.linePos(start).line;
}
