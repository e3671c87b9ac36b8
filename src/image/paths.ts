import { FatalError } from "../core/problem.js";

/**
 * Normalises an untrusted tar entry name to a root-relative path (`./etc/x`, `/etc/x` → `etc/x`).
 * Returns "" for the root itself. A name that climbs above the root is hostile: UNSAFE_PATH.
 */
export function normalizeEntryPath(name: string, context: string): string {
  // Fast path: the common, already-clean name needs no splitting.
  let s = name;
  while (s.startsWith("./")) s = s.slice(2);
  while (s.startsWith("/")) s = s.slice(1);
  if (s.endsWith("/")) s = s.replace(/\/+$/, "");
  if (!s.includes("..") && !s.includes("//") && !s.includes("/./") && !s.endsWith("/.") && s !== ".") return s;
  const out: string[] = [];
  for (const part of s.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (out.length === 0) {
        throw new FatalError("UNSAFE_PATH", `${context}: tar entry '${name}' escapes the image root`, "the layer is malformed or hostile; do not unpack it");
      }
      out.pop();
    } else out.push(part);
  }
  return out.join("/");
}

/** Joins and normalises a path inside the image, clamping `..` at the root (never an error). */
export function clampPath(parts: readonly string[]): string[] {
  const out: string[] = [];
  for (const part of parts) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return out;
}

export function parentOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? "" : path.slice(0, i);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * One glob as a regular-expression body: `*` matches within one path segment; a whole `**`
 * segment matches zero or more segments (`**\/.npmrc` matches `.npmrc` and `root/.npmrc`).
 */
export function globToRegExpSource(glob: string): string {
  const segments = glob.split("/");
  return segments
    .map((seg, i) => {
      const last = i === segments.length - 1;
      if (seg === "**") return last ? ".*" : "(?:[^/]+/)*";
      return seg.split("*").map(escapeRegExp).join("[^/]*") + (last ? "" : "/");
    })
    .join("");
}

/** A compiled set of `wants` globs; `*` matches within one path segment, a `**` segment spans segments. */
export interface WantMatcher {
  matches(path: string): boolean;
}

/**
 * Runs on every tar entry of every layer, so the full-path regex is guarded by a cheap test on
 * the file name alone: each glob's last segment must match the entry's basename first (most
 * entries fail there). Globs whose last segment is a bare `*` cannot be pre-filtered that way;
 * they are tested on the full path directly.
 */
export function compileWants(wants: readonly string[]): WantMatcher {
  const exact = new Set<string>();
  const guarded: string[] = [];
  const lastSegments: string[] = [];
  const unguarded: string[] = [];
  for (const raw of wants) {
    const w = raw.replace(/^\.?\/+/, "");
    if (!w.includes("*")) {
      exact.add(w);
      continue;
    }
    const last = w.slice(w.lastIndexOf("/") + 1);
    if (last === "*" || last === "**") {
      unguarded.push(globToRegExpSource(w));
    } else {
      guarded.push(globToRegExpSource(w));
      lastSegments.push(last.split("*").map(escapeRegExp).join("[^/]*"));
    }
  }
  const compile = (parts: string[]): RegExp | null => (parts.length > 0 ? new RegExp(`^(?:${parts.join("|")})$`) : null);
  const name = compile(lastSegments);
  const full = compile(guarded);
  const loose = compile(unguarded);
  return {
    matches(path) {
      if (exact.has(path)) return true;
      if (full !== null && name !== null && name.test(path.slice(path.lastIndexOf("/") + 1)) && full.test(path)) return true;
      return loose !== null && loose.test(path);
    },
  };
}
