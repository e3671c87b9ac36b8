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

// Every TOML string form on one line: """multi-line basic""", '''multi-line literal''', "basic", 'literal'.
const KEY_STRING = /^([A-Za-z0-9_-]+)\s*=\s*(?:"""([^]*?)"""|'''([^]*?)'''|"((?:[^"\\]|\\.)*)"|'([^']*)')\s*(?:#.*)?$/;
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
    const s = KEY_STRING.exec(line);
    if (table === "package" && current !== null && s) {
      const key = s[1]!;
      const value = s[2] !== undefined ? unescape(s[2]) : s[4] !== undefined ? unescape(s[4]) : (s[3] ?? s[5] ?? "");
      if (key === "name" || key === "version" || key === "source") current[key] = value;
      continue;
    }
    const n = KEY_INT.exec(line);
    if (table === "root" && n && n[1] === "version") lockVersion = Number(n[2]);
  }
  flush();
  return { lockVersion, packages, errors };
}
