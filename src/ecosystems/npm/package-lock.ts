import { parseSemver } from "./semver.js";
import { isRecord, mergeEntries, type LockEntry, type LockParse } from "./lock-entry.js";

/**
 * An `npm:` alias (`"string-width-cjs": "npm:string-width@4.2.3"` in v1) installs the real
 * package under another folder name; the advisory applies to the real one.
 */
function unalias(name: string, version: string): { name: string; version: string } {
  const m = /^npm:((?:@[^/@]+\/)?[^@]+)@(.+)$/.exec(version);
  return m ? { name: m[1]!, version: m[2]! } : { name, version };
}

/** The folder name after the last `node_modules/` of an install path (scoped names keep their scope). */
function nameFromPath(path: string): string | null {
  const i = path.lastIndexOf("node_modules/");
  return i < 0 ? null : path.slice(i + "node_modules/".length);
}

/**
 * lockfileVersion 2 and 3: the flat `packages` map keyed by install path. `link: true` entries
 * are symlinks to workspace folders, which appear under their own (non-node_modules) key; the
 * root `""` is the project itself. Workspaces without a version cannot be matched and are left out.
 */
function fromPackages(packages: Record<string, unknown>, errors: string[]): LockEntry[] {
  const out: LockEntry[] = [];
  // A workspace folder's package name is the folder name of the link that points at it.
  const linkNames = new Map<string, string>();
  for (const [path, raw] of Object.entries(packages)) {
    const folder = nameFromPath(path);
    if (isRecord(raw) && raw["link"] === true && typeof raw["resolved"] === "string" && folder !== null) linkNames.set(raw["resolved"], folder);
  }
  for (const [path, raw] of Object.entries(packages)) {
    if (path === "" || !isRecord(raw) || raw["link"] === true) continue;
    const version = typeof raw["version"] === "string" ? raw["version"] : null;
    const folder = nameFromPath(path);
    const declared = typeof raw["name"] === "string" ? raw["name"] : null;
    const name = declared ?? folder ?? linkNames.get(path) ?? null;
    if (version === null || name === null) {
      // Versionless workspace folders are local code, not packages; a versionless install is a broken lock.
      if (folder !== null && version === null) errors.push(`packages["${path}"] has no version`);
      continue;
    }
    const real = unalias(name, version);
    // Git and tarball dependencies record a URL, not a registry version: nothing to match.
    if (parseSemver(real.version) === undefined) continue;
    out.push({ name: real.name, version: real.version, dev: raw["dev"] === true });
  }
  return out;
}

/**
 * lockfileVersion 1: nested `dependencies`, each level one `node_modules` deeper. Walked with an
 * explicit stack, in the order a recursive walk would take (an entry, then what it nests, then
 * its next sibling): JSON.parse takes any depth, so a lock nested 20,000 deep must not overflow here.
 */
function fromDependencies(root: Record<string, unknown>, out: LockEntry[]): void {
  const stack: Iterator<[string, unknown]>[] = [Object.entries(root)[Symbol.iterator]()];
  while (stack.length > 0) {
    const next = stack[stack.length - 1]!.next();
    if (next.done === true) {
      stack.pop();
      continue;
    }
    const [key, raw] = next.value;
    if (!isRecord(raw)) continue;
    if (typeof raw["version"] === "string") {
      // Some hand-edited v1 locks key an entry by install path (`"node_modules/async"`), as v2 does.
      const real = unalias(nameFromPath(key) ?? key, raw["version"]);
      if (parseSemver(real.version) !== undefined) {
        out.push({ name: real.name, version: real.version, dev: raw["dev"] === true });
      }
    }
    if (isRecord(raw["dependencies"])) stack.push(Object.entries(raw["dependencies"])[Symbol.iterator]());
  }
}

/**
 * Reads a `package-lock.json` (or `npm-shrinkwrap.json`) of any lockfileVersion. v2 carries both
 * shapes; the flat `packages` map is authoritative there, as npm 7+ itself reads it.
 */
export function parsePackageLock(text: string): LockParse {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { entries: [], errors: [`not JSON: ${e instanceof Error ? e.message : String(e)}`] };
  }
  if (!isRecord(doc)) return { entries: [], errors: ["not a JSON object"] };
  return lockFromDocument(doc);
}

/** The entries of a parsed lockfile document (also built entry by entry by package-lock-stream.ts). */
export function lockFromDocument(doc: Record<string, unknown>): LockParse {
  const errors: string[] = [];
  let entries: LockEntry[] = [];
  if (isRecord(doc["packages"])) entries = fromPackages(doc["packages"], errors);
  else if (isRecord(doc["dependencies"])) fromDependencies(doc["dependencies"], entries);
  else if (doc["lockfileVersion"] === undefined) errors.push("no lockfileVersion, packages or dependencies");
  return { entries: mergeEntries(entries), errors };
}
