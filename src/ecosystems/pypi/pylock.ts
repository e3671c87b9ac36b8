import type { Problem } from "../../core/problem.js";
import type { LockEntry, LockParse } from "./lock-entry.js";
import { parseToml, TomlError, type TomlTable, type TomlValue } from "./toml-lite.js";

/**
 * PEP 751's `pylock.toml` (also `pylock.<name>.toml`), lock-version 1.x: one `[[packages]]`
 * table per locked distribution, with `name` and, for registry and archive sources, `version`.
 * A VCS or directory package may have no version (PEP 751 makes it optional); it cannot be
 * matched and is left out without a problem. The format has no dev flag: groups and extras are
 * only in `marker` expressions, so every package counts as installed (as the shipped expected
 * inventory also does).
 */
export function isPylockName(base: string): boolean {
  return base === "pylock.toml" || /^pylock\.[^./]+\.toml$/.test(base);
}

const isTable = (v: TomlValue | undefined): v is TomlTable => typeof v === "object" && v !== null && !Array.isArray(v);

export function parsePylock(text: string, path: string): LockParse {
  let doc: TomlTable;
  try {
    doc = parseToml(text);
  } catch (e) {
    const line = e instanceof TomlError ? e.line : null;
    return { entries: [], problems: [{ kind: "malformed-record", path, line, detail: `pylock.toml is not valid TOML: ${(e as Error).message}` }] };
  }
  const problems: Problem[] = [];
  const lockVersion = doc["lock-version"];
  if (typeof lockVersion === "string" && !/^1(\.|$)/.test(lockVersion)) {
    // PEP 751: a tool must not read a major lock-version it does not know.
    return { entries: [], problems: [{ kind: "malformed-record", path, line: null, detail: `pylock.toml lock-version ${lockVersion} is not 1.x; not read` }] };
  }
  const entries: LockEntry[] = [];
  const packages = doc["packages"];
  for (const p of Array.isArray(packages) ? packages.filter(isTable) : []) {
    const name = p["name"];
    const version = p["version"];
    if (typeof name !== "string" || name === "") {
      problems.push({ kind: "malformed-record", path, line: null, detail: "pylock.toml package without a name; skipped" });
      continue;
    }
    if (typeof version === "string" && version !== "") entries.push({ name, version, dev: false });
  }
  return { entries, problems };
}
