import type { Problem } from "../../core/problem.js";
import type { LockEntry, LockParse } from "./lock-entry.js";
import { normalizePypiName } from "./names.js";
import { parseToml, TomlError, type TomlTable, type TomlValue } from "./toml-lite.js";

function readToml(text: string, path: string, what: string): { doc: TomlTable } | { problem: Problem } {
  try {
    return { doc: parseToml(text) };
  } catch (e) {
    const line = e instanceof TomlError ? e.line : null;
    return { problem: { kind: "malformed-record", path, line, detail: `${what} is not valid TOML: ${(e as Error).message}` } };
  }
}

const isTable = (v: TomlValue | undefined): v is TomlTable => typeof v === "object" && !Array.isArray(v);
const str = (v: TomlValue | undefined): string | null => (typeof v === "string" ? v : null);
const tables = (v: TomlValue | undefined): TomlTable[] => (Array.isArray(v) ? v.filter(isTable) : []);

/**
 * poetry.lock, both formats: 1.x marks dev packages with `category = "dev"`; 2.x lists
 * `groups = [...]` and a package is dev when `main` is not among them.
 */
export function parsePoetryLock(text: string, path: string): LockParse {
  const read = readToml(text, path, "poetry.lock");
  if ("problem" in read) return { entries: [], problems: [read.problem] };
  const entries: LockEntry[] = [];
  const problems: Problem[] = [];
  for (const pkg of tables(read.doc["package"])) {
    const name = str(pkg["name"]);
    const version = str(pkg["version"]);
    if (!name || !version) {
      problems.push({ kind: "malformed-record", path, line: null, detail: "poetry.lock package without name or version; skipped" });
      continue;
    }
    const groups = pkg["groups"];
    const dev = Array.isArray(groups) ? !groups.includes("main") : str(pkg["category"]) === "dev";
    entries.push({ name, version, dev });
  }
  return { entries, problems };
}

/**
 * uv.lock: the project itself is the package whose source is `virtual`/`editable` `.`; it is
 * not a PyPI release and is left out. Packages reachable from its dependencies (and its
 * optional extras, and the extras those edges request) are production; the rest are reachable
 * only through `dev-dependencies` and are flagged dev. Without a root every package counts as
 * production: nothing says otherwise.
 */
export function parseUvLock(text: string, path: string): LockParse {
  const read = readToml(text, path, "uv.lock");
  if ("problem" in read) return { entries: [], problems: [read.problem] };
  const problems: Problem[] = [];
  const packages = tables(read.doc["package"]);
  const byName = new Map<string, TomlTable>();
  for (const p of packages) {
    const name = str(p["name"]);
    if (name) byName.set(normalizePypiName(name), p);
  }
  const isRoot = (p: TomlTable): boolean => {
    const source = p["source"];
    return isTable(source) && (source["virtual"] === "." || source["editable"] === ".");
  };
  const roots = packages.filter(isRoot);
  const prod = new Set<string>();
  const visit = (edge: TomlTable): void => {
    const name = str(edge["name"]);
    if (!name) return;
    const key = normalizePypiName(name);
    const target = byName.get(key);
    const extras = Array.isArray(edge["extra"]) ? edge["extra"].filter((x): x is string => typeof x === "string") : [];
    const first = !prod.has(key);
    prod.add(key);
    if (!target) return;
    if (first) for (const d of tables(target["dependencies"])) visit(d);
    const optional = target["optional-dependencies"];
    if (isTable(optional)) for (const x of extras) for (const d of tables(optional[x])) visit(d);
  };
  for (const root of roots) {
    for (const d of tables(root["dependencies"])) visit(d);
    const optional = root["optional-dependencies"];
    if (isTable(optional)) for (const group of Object.values(optional)) for (const d of tables(group)) visit(d);
  }
  const entries: LockEntry[] = [];
  for (const p of packages) {
    if (isRoot(p)) continue;
    const name = str(p["name"]);
    const version = str(p["version"]);
    if (!name || !version) {
      problems.push({ kind: "malformed-record", path, line: null, detail: "uv.lock package without name or version; skipped" });
      continue;
    }
    entries.push({ name, version, dev: roots.length > 0 && !prod.has(normalizePypiName(name)) });
  }
  return { entries, problems };
}
