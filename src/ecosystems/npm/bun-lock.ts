import { isRecord, mergeEntries, type LockEntry, type LockParse } from "./lock-entry.js";
import { parseSemver } from "./semver.js";

/**
 * Bun's text lockfile `bun.lock` (lockfileVersion 0/1): JSON with trailing commas (JSONC).
 * `workspaces` maps each workspace path (`""` = root) to its manifest's dependency lists;
 * `packages` maps a key to `["name@version", registry, {dependencies, optionalDependencies,
 * peerDependencies…}, integrity]`. A key is a package name, or `parent/name` for a copy nested
 * under another package (bun's hoisting), and a dependency resolves like node_modules does: the
 * nested key first, then each ancestor's, then the top level. Workspace members
 * (`name@workspace:…`), links, files and git checkouts have no registry version and are left out.
 * A package reached only through some workspace's `devDependencies` is dev.
 */

/** Drops commas before `}` or `]` outside strings, so JSON.parse reads Bun's JSONC. */
export function stripTrailingCommas(text: string): string {
  let out = "";
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      out += c;
      if (c === "\\") out += text[++i] ?? "";
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    if (c === ",") {
      let j = i + 1;
      while (j < text.length && /\s/.test(text[j]!)) j++;
      if (text[j] === "}" || text[j] === "]") continue;
    }
    out += c;
  }
  return out;
}

/** `@scope/name@1.2.3` → name and version (split at the last `@` after the first character). */
function splitSpec(spec: string): { name: string; version: string } | null {
  const at = spec.lastIndexOf("@");
  return at <= 0 ? null : { name: spec.slice(0, at), version: spec.slice(at + 1) };
}

const PROD_FIELDS = ["dependencies", "optionalDependencies", "peerDependencies"] as const;

function depNames(manifest: unknown, fields: readonly string[]): string[] {
  if (!isRecord(manifest)) return [];
  return fields.flatMap((f) => (isRecord(manifest[f]) ? Object.keys(manifest[f]) : []));
}

export function parseBunLock(text: string): LockParse {
  let doc: unknown;
  try {
    doc = JSON.parse(stripTrailingCommas(text));
  } catch (e) {
    return { entries: [], errors: [`bun.lock is not JSON(C): ${e instanceof Error ? e.message : String(e)}`] };
  }
  if (!isRecord(doc) || !isRecord(doc["packages"])) return { entries: [], errors: ["bun.lock without a `packages` object (a binary bun.lockb is not read)"] };
  const packages = doc["packages"];
  const workspaces = isRecord(doc["workspaces"]) ? Object.values(doc["workspaces"]) : [];

  // The package key a dependency `name` of the package at `from` resolves to.
  const resolve = (from: string, name: string): string | undefined => {
    let scope = from;
    for (;;) {
      const key = scope === "" ? name : `${scope}/${name}`;
      if (Object.hasOwn(packages, key)) return key;
      if (scope === "") return undefined;
      // Drop the last package name of the scope (a scoped name is two segments).
      const parts = scope.split("/");
      parts.splice(parts.length >= 2 && parts[parts.length - 2]!.startsWith("@") ? -2 : -1);
      scope = parts.join("/");
    }
  };
  const reach = (roots: readonly string[]): Set<string> => {
    const seen = new Set<string>();
    const queue = roots.flatMap((n) => resolve("", n) ?? []);
    while (queue.length > 0) {
      const key = queue.pop()!;
      if (seen.has(key)) continue;
      seen.add(key);
      const value = packages[key];
      const info = Array.isArray(value) ? value.find((v, i) => i > 0 && isRecord(v)) : undefined;
      for (const n of depNames(info, PROD_FIELDS)) {
        const k = resolve(key, n);
        if (k !== undefined) queue.push(k);
      }
    }
    return seen;
  };
  const prod = reach(workspaces.flatMap((w) => depNames(w, PROD_FIELDS)));
  const dev = reach(workspaces.flatMap((w) => depNames(w, ["devDependencies"])));

  const entries: LockEntry[] = [];
  const errors: string[] = [];
  for (const [key, value] of Object.entries(packages)) {
    const spec = Array.isArray(value) && typeof value[0] === "string" ? splitSpec(value[0]) : null;
    if (spec === null) {
      errors.push(`bun.lock: package ${JSON.stringify(key)} has no "name@version" entry`);
      continue;
    }
    // workspace:, link:, file:, github:/git+… resolutions are not registry versions.
    if (parseSemver(spec.version) === undefined) continue;
    entries.push({ name: spec.name, version: spec.version, dev: dev.has(key) && !prod.has(key) });
  }
  return { entries: mergeEntries(entries), errors };
}
