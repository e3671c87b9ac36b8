import { parseSemver } from "./semver.js";
import { mergeEntries, type LockEntry, type LockParse } from "./lock-entry.js";

/** Protocols resolved from a registry; everything else (git, file, link, workspace, patch…) is local or unversioned. */
const REGISTRY_PROTOCOLS = new Set(["", "npm"]);

/** Strips the quotes around one descriptor; a quoted list `"a@1, b@2":` quotes each end once. */
function unquote(s: string): string {
  return s.trim().replace(/^"/, "").replace(/"$/, "");
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * `"@babel/core@npm:^7.0.0", "@babel/core@npm:^7.1.0":` → name and protocol of the first
 * descriptor. An `npm:` alias (`foo@npm:bar@^1`) names the real package `bar`.
 */
function parseDescriptorList(header: string): { name: string; protocol: string } | null {
  const first = unquote(header.replace(/:$/, "").split(",")[0] ?? "");
  const at = first.indexOf("@", 1);
  if (at < 0) return null;
  const name = first.slice(0, at);
  const range = first.slice(at + 1);
  const proto = /^([a-z][a-z0-9+.-]*):/i.exec(range);
  const protocol = proto ? proto[1]!.toLowerCase() : "";
  if (protocol === "patch") {
    // `patch:<inner descriptor>#<patch>`: the installed package is the inner one, patched, so it
    // counts when the inner one is from the registry (`fsevents@npm%3A2.1.3`, `fsevents@~2.1.2`).
    const inner = parseDescriptorList(safeDecode(range.slice("patch:".length).split("#")[0] ?? ""));
    return inner === null ? { name, protocol } : inner;
  }
  if (protocol === "npm") {
    const target = range.slice(4);
    const aliasAt = target.indexOf("@", 1);
    if (aliasAt > 0) return { name: target.slice(0, aliasAt), protocol };
  }
  return { name, protocol };
}

/**
 * Reads a `yarn.lock`: classic v1 (`version "1.2.3"`) and berry v2+ (`version: 1.2.3`, with a
 * `__metadata` block). Both are blocks headed by an unindented descriptor list, so one line
 * reader serves both; the YAML-ish berry file is not parsed as YAML because v1 is not YAML.
 * yarn.lock records no dev/prod split, so every entry is reported as non-dev.
 */
export function parseYarnLock(text: string): LockParse {
  const entries: LockEntry[] = [];
  const errors: string[] = [];
  let current: { name: string; protocol: string; line: number } | null = null;
  let version: string | null = null;
  const flush = (): void => {
    if (current !== null && REGISTRY_PROTOCOLS.has(current.protocol)) {
      if (version === null) errors.push(`line ${current.line}: ${current.name} has no version`);
      else if (parseSemver(version) !== undefined) entries.push({ name: current.name, version, dev: false });
    }
    current = null;
    version = null;
  };
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === "" || line.trimStart().startsWith("#")) continue;
    if (!/^\s/.test(line)) {
      flush();
      if (line.startsWith("__metadata")) continue;
      const parsed = parseDescriptorList(line);
      if (parsed === null) errors.push(`line ${i + 1}: cannot read descriptor ${JSON.stringify(line)}`);
      else current = { ...parsed, line: i + 1 };
      continue;
    }
    // Only the block's own `version` (two-space indent), not a dependency named `version`.
    const m = /^ {2}"?version"?:?\s+"?([^"\s]+)"?\s*$/.exec(line);
    if (m && current !== null) version = m[1]!;
  }
  flush();
  return { entries: mergeEntries(entries), errors };
}
