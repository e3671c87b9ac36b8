import type { FileTree } from "../../contracts/file-tree.js";

/** A directive from a unit file, with where it came from so evidence can point at it. */
export interface UnitDirective {
  readonly section: string;
  readonly key: string;
  readonly value: string;
  readonly file: string;
  readonly line: number;
}

/** A word of a command line, remembering the file and line it came from. */
export interface SourcedWord {
  readonly text: string;
  readonly file: string;
  readonly line: number;
}

/** systemd's unit search path, highest precedence first (/etc beats /run beats vendor units). */
export const UNIT_DIRS = ["etc/systemd/system", "run/systemd/system", "lib/systemd/system", "usr/lib/systemd/system"] as const;

/** Parses an INI-style unit file: comments, sections, and backslash line continuations. */
export function parseUnit(text: string, file: string): UnitDirective[] {
  const out: UnitDirective[] = [];
  const lines = text.split(/\r?\n/);
  let section = "";
  for (let i = 0; i < lines.length; i++) {
    const start = i + 1;
    let line = lines[i]!.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    while (line.endsWith("\\") && i + 1 < lines.length) {
      i++;
      const next = lines[i]!.trim();
      // systemd drops comment lines inside a continued line.
      line = next.startsWith("#") || next.startsWith(";") ? line : `${line.slice(0, -1)} ${next}`;
    }
    if (line.endsWith("\\")) line = line.slice(0, -1);
    const sec = /^\[(.+)\]$/.exec(line);
    if (sec) {
      section = sec[1]!;
      continue;
    }
    const eq = line.indexOf("=");
    if (eq < 0) continue;
    out.push({ section, key: line.slice(0, eq).trim(), value: line.slice(eq + 1).trim(), file, line: start });
  }
  return out;
}

/** The unit that systemd would load for `name`, plus its drop-ins in application order. */
export interface EffectiveUnit {
  readonly path: string | null;
  readonly masked: boolean;
  readonly files: readonly string[];
  readonly directives: readonly UnitDirective[];
  readonly unreadable: readonly string[];
}

function isMask(tree: FileTree, path: string): boolean {
  const e = tree.stat(path);
  if (e?.type !== "symlink" || e.linkTarget === null) return false;
  return e.linkTarget === "/dev/null" || tree.resolve(path) === "dev/null";
}

export function loadEffectiveUnit(tree: FileTree, name: string): EffectiveUnit {
  let path: string | null = null;
  let masked = false;
  for (const dir of UNIT_DIRS) {
    const p = `${dir}/${name}`;
    if (tree.stat(p) === undefined) continue;
    if (isMask(tree, p)) masked = true;
    path = p;
    break;
  }
  // Drop-ins with the same file name: the one in the higher-precedence directory wins; all are
  // then applied sorted by file name regardless of directory.
  const dropIns = new Map<string, string>();
  for (const dir of UNIT_DIRS) {
    const d = `${dir}/${name}.d`;
    for (const e of tree.list(d)) {
      const base = e.path.slice(d.length + 1);
      if (base.includes("/") || !base.endsWith(".conf") || dropIns.has(base)) continue;
      dropIns.set(base, e.path);
    }
  }
  const files: string[] = [];
  const directives: UnitDirective[] = [];
  const unreadable: string[] = [];
  const ordered = [...dropIns.keys()].sort().map((k) => dropIns.get(k)!);
  for (const f of path === null || masked ? [] : [path, ...ordered]) {
    if (isMask(tree, f)) continue;
    const buf = tree.read(f);
    if (buf === undefined) {
      unreadable.push(f);
      continue;
    }
    files.push(f);
    directives.push(...parseUnit(buf.toString("utf8"), f));
  }
  return { path, masked, files, directives, unreadable };
}

/** Splits a command line the way systemd does: quotes group words, backslash escapes. */
export function splitWords(value: string): string[] {
  const words: string[] = [];
  let cur = "";
  let inWord = false;
  let quote: string | null = null;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (quote !== null) {
      if (c === quote) quote = null;
      else if (c === "\\" && i + 1 < value.length) cur += value[++i];
      else cur += c;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === "\\" && i + 1 < value.length) {
      cur += value[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(cur);
      cur = "";
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);
  return words;
}

/** Parses `KEY=value` lines of an environment file (systemd EnvironmentFile or a shell defaults file). */
export function parseEnvFile(text: string): Map<string, { value: string; line: number }> {
  const env = new Map<string, { value: string; line: number }>();
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim().replace(/^export\s+/, "");
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m) continue;
    env.set(m[1]!, { value: splitWords(m[2]!).join(" "), line: i + 1 });
  }
  return env;
}

/**
 * Expands environment references in ExecStart words: a word that is exactly `$VAR` becomes the
 * variable's value split at whitespace; `${VAR}` inside a word is substituted as one word.
 */
export function expandWords(words: readonly SourcedWord[], env: ReadonlyMap<string, { value: string; file: string; line: number }>): SourcedWord[] {
  const out: SourcedWord[] = [];
  for (const w of words) {
    const bare = /^\$([A-Za-z_][A-Za-z0-9_]*)$/.exec(w.text);
    if (bare) {
      const v = env.get(bare[1]!);
      if (v !== undefined) for (const t of splitWords(v.value)) out.push({ text: t, file: v.file, line: v.line });
      continue;
    }
    let source: { file: string; line: number } = w;
    const text = w.text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => {
      const v = env.get(name);
      if (v === undefined) return "";
      source = v;
      return v.value;
    });
    if (text !== "" || w.text === "") out.push({ text, file: source.file, line: source.line });
  }
  return out;
}
