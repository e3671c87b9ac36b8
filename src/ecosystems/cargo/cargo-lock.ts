/**
 * Cargo.lock, formats v1 (no `version` key, checksums in a `[metadata]` table), v2 and v3
 * (`version = 3`), and v4. All keep one `[[package]]` table per resolved crate with `name`,
 * `version`, optional `source` and `dependencies`. Cargo writes the file itself with one key per
 * line, so a line parser suffices; it accepts every single-line TOML string form (hand-edited
 * files use `"""…"""`), and anything else in a table is ignored rather than guessed at.
 */

export interface CargoLockPackage {
  readonly name: string;
  readonly version: string;
  /** `registry+https://…`, `git+https://…#rev`, or null for a workspace member / path dependency. */
  readonly source: string | null;
  /** 1-based line of the `[[package]]` header. */
  readonly line: number;
}

export interface CargoLockParse {
  /** The `version = N` key; 1 when absent (v1 files have none). */
  readonly lockVersion: number;
  readonly packages: readonly CargoLockPackage[];
  readonly errors: readonly { readonly line: number; readonly detail: string }[];
}

const KEY = /^([A-Za-z0-9_-]+)\s*=\s*/;

/**
 * Whether what follows position q is only space and an optional `#` comment (`\s*(?:#.*)?$`),
 * answered without rescanning the rest of the line for each q: a value tried at many closing
 * delimiters must not cost the square of its length.
 */
function trailerCheck(line: string): (q: number) => boolean {
  const space = (i: number): boolean => /\s/.test(line[i]!);
  // A comment runs to the end of the line, and `.` does not cross these.
  const lastBreak = Math.max(line.lastIndexOf("\r"), line.lastIndexOf("\u2028"), line.lastIndexOf("\u2029"));
  return (q) => {
    let p = q;
    while (p < line.length && space(p)) p++;
    return p === line.length || (line[p] === "#" && p > lastBreak);
  };
}

/**
 * `key = <string>` in every TOML string form on one line: """multi-line basic""", '''multi-line
 * literal''', "basic", 'literal'; null for anything else. Scanned by hand rather than by one regex:
 * a backtracking match of `"(?:[^"\\]|\\.)*"` overflows V8's regexp stack on a long value with
 * escapes (a 60 MiB checksum was an internal error).
 */
function keyString(line: string, wanted: readonly string[]): { readonly key: string; readonly value: string } | null {
  const k = KEY.exec(line);
  // Other keys (a checksum, dependencies) are never read: no need to scan their values.
  if (k === null || !wanted.includes(k[1]!)) return null;
  const at = k[0].length;
  const trailerAt = trailerCheck(line);
  for (const [open, basic] of [
    ['"""', true],
    ["'''", false],
  ] as const) {
    if (!line.startsWith(open, at)) continue;
    // The first closing delimiter with only a comment after it, as a lazy match would take.
    for (let end = line.indexOf(open, at + 3); end >= 0; end = line.indexOf(open, end + 1)) {
      if (trailerAt(end + 3)) {
        const raw = line.slice(at + 3, end);
        return { key: k[1]!, value: basic ? unescape(raw) : raw };
      }
    }
  }
  let end = -1;
  if (line[at] === "'") end = line.indexOf("'", at + 1);
  else if (line[at] === '"') {
    for (let i = at + 1; i < line.length && end < 0; i++) {
      const c = line.charCodeAt(i);
      if (c === 0x22) end = i;
      else if (c === 0x5c) {
        // An escape takes any next character but a line break (as `\\.` did).
        const next = line.charCodeAt(i + 1);
        if (Number.isNaN(next) || next === 0x0a || next === 0x0d || next === 0x2028 || next === 0x2029) return null;
        i++;
      }
    }
  }
  if (end < 0 || !trailerAt(end + 1)) return null;
  const raw = line.slice(at + 1, end);
  return { key: k[1]!, value: line[at] === '"' ? unescape(raw) : raw };
}

const PACKAGE_KEYS = ["name", "version", "source"] as const;
const KEY_INT = /^([A-Za-z0-9_-]+)\s*=\s*([0-9]+)\s*(?:#.*)?$/;

function unescape(s: string): string {
  try {
    const v: unknown = JSON.parse(`"${s}"`);
    return typeof v === "string" ? v : s;
  } catch {
    return s;
  }
}

export function parseCargoLock(text: string): CargoLockParse {
  const packages: CargoLockPackage[] = [];
  const errors: { line: number; detail: string }[] = [];
  let lockVersion = 1;
  let table: "root" | "package" | "other" = "root";
  let current: { name?: string; version?: string; source?: string; line: number } | null = null;
  const flush = (): void => {
    if (current === null) return;
    if (current.name === undefined || current.version === undefined) {
      errors.push({ line: current.line, detail: "[[package]] without name or version" });
    } else {
      packages.push({ name: current.name, version: current.version, source: current.source ?? null, line: current.line });
    }
    current = null;
  };
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === "" || line.startsWith("#")) continue;
    if (line.startsWith("[")) {
      flush();
      if (line === "[[package]]") {
        table = "package";
        current = { line: i + 1 };
      } else table = "other";
      continue;
    }
    const s = table === "package" && current !== null ? keyString(line, PACKAGE_KEYS) : null;
    if (current !== null && s !== null) {
      if (s.key === "name" || s.key === "version" || s.key === "source") current[s.key] = s.value;
      continue;
    }
    const n = KEY_INT.exec(line);
    if (table === "root" && n && n[1] === "version") lockVersion = Number(n[2]);
  }
  flush();
  return { lockVersion, packages, errors };
}
