import type { ScannedPackage } from "../../core/package.js";
import type { Problem } from "../../core/problem.js";
import type { FileTree } from "../../contracts/file-tree.js";
import type { PackageScanner, ScanResult } from "../../contracts/scanner.js";
import { formatPurl } from "../../formats/purl.js";
import { parseBunLock } from "./bun-lock.js";
import { isRecord, type LockParse } from "./lock-entry.js";
import { parsePackageLock } from "./package-lock.js";
import { parsePackageLockBytes } from "./package-lock-stream.js";
import { parsePnpmLock } from "./pnpm-lock.js";
import { parseSemver } from "./semver.js";
import { yarnDevFlags } from "./yarn-dev.js";
import { parseYarnLock } from "./yarn-lock.js";

/** `@scope/name` → purl namespace `@scope` (encoded `%40scope` by formatPurl), name `name`. */
export function npmPurl(name: string, version: string): string {
  const slash = name.startsWith("@") ? name.indexOf("/") : -1;
  return slash > 0
    ? formatPurl({ type: "npm", namespace: name.slice(0, slash), name: name.slice(slash + 1), version })
    : formatPurl({ type: "npm", name, version });
}

// A package's own manifest sits directly in `node_modules/<name>/` or `node_modules/@scope/<name>/`;
// deeper package.json files (test fixtures, `lib/package.json` with `{"type":"module"}`) are not packages.
const INSTALLED_RE = /(?:^|\/)node_modules\/(?:@[^/]+\/)?[^/@][^/]*\/package\.json$/;
const LOCKFILES: Readonly<Record<string, (text: string) => LockParse>> = {
  "package-lock.json": parsePackageLock,
  "npm-shrinkwrap.json": parsePackageLock,
  "yarn.lock": parseYarnLock,
  "pnpm-lock.yaml": parsePnpmLock,
  "bun.lock": parseBunLock,
};

const STREAMED_LOCKFILES: ReadonlySet<string> = new Set(["package-lock.json", "npm-shrinkwrap.json"]);

function dirOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? "" : path.slice(0, i);
}

function baseOf(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

function readInstalled(tree: FileTree, path: string, problems: Problem[]): ScannedPackage | null {
  const buf = tree.read(path);
  if (buf === undefined) return null;
  let doc: unknown;
  try {
    doc = JSON.parse(buf.toString("utf8"));
  } catch (e) {
    problems.push({ kind: "malformed-record", path, line: null, detail: `package.json is not JSON: ${e instanceof Error ? e.message : String(e)}` });
    return null;
  }
  if (!isRecord(doc)) return null;
  const name = doc["name"];
  const version = doc["version"];
  // Placeholder manifests without a name or a SemVer version are not installable packages.
  if (typeof name !== "string" || name === "" || typeof version !== "string" || parseSemver(version) === undefined) return null;
  return { name, version, type: "npm", arch: null, source: null, purl: npmPurl(name, version), foundIn: path };
}

/**
 * npm packages from installed manifests and from lockfiles, combined without duplicates.
 *
 * Installed manifests are what is actually on disk, so they always count. A lockfile counts only
 * for a project that has no node_modules (an image that ships only the lockfile); where
 * node_modules exists, what is installed wins. A lockfile entry whose name@version is already
 * installed anywhere under the lockfile's directory is
 * the same package: it is not reported twice; the installed one carries the lockfile's `dev` flag
 * instead, because a manifest cannot tell dev from prod. Lockfiles inside node_modules belong
 * to published packages, not to the project, and are ignored (as Trivy and Syft do).
 */
export const npmPackageScanner: PackageScanner = {
  id: "npm",
  version: 3,
  kind: "package",
  // `**/package.json` also brings a project's own manifest, read for yarn.lock's dev flags.
  wants: ["**/package.json", "**/package-lock.json", "**/npm-shrinkwrap.json", "**/yarn.lock", "**/pnpm-lock.yaml", "**/bun.lock"],
  scan(tree: FileTree): ScanResult<ScannedPackage> {
    const problems: Problem[] = [];
    const installed: ScannedPackage[] = [];
    const lockfiles: string[] = [];
    for (const entry of tree.entries()) {
      if (entry.type !== "file" && entry.type !== "symlink") continue;
      if (INSTALLED_RE.test(entry.path)) {
        const pkg = readInstalled(tree, entry.path, problems);
        if (pkg !== null) installed.push(pkg);
      } else if (Object.hasOwn(LOCKFILES, baseOf(entry.path)) && !/(?:^|\/)node_modules\//.test(entry.path)) {
        lockfiles.push(entry.path);
      }
    }
    // name@version → indexes of installed packages, to find a lockfile entry's installed twin.
    const byId = new Map<string, number[]>();
    installed.forEach((p, i) => byId.set(`${p.name}@${p.version}`, [...(byId.get(`${p.name}@${p.version}`) ?? []), i]));
    const devFlags = new Map<number, boolean>();
    const fromLocks: ScannedPackage[] = [];
    for (const path of lockfiles) {
      const bytes = tree.read(path);
      if (bytes === undefined) continue;
      const base = baseOf(path);
      // package-lock.json can be read as a stream: a huge one is never decoded to one string.
      const parsed = STREAMED_LOCKFILES.has(base) ? parsePackageLockBytes(bytes) : LOCKFILES[base]!(bytes.toString("utf8"));
      const errors = parsed.errors;
      // yarn.lock has no dev flags: the project's package.json beside it tells them.
      const manifest = base === "yarn.lock" ? tree.read(dirOf(path) === "" ? "package.json" : `${dirOf(path)}/package.json`) : undefined;
      const entries = manifest === undefined ? parsed.entries : yarnDevFlags(bytes.toString("utf8"), parsed.entries, manifest.toString("utf8"));
      for (const detail of errors) problems.push({ kind: "malformed-record", path, line: null, detail });
      const dir = dirOf(path);
      const under = (p: string): boolean => dir === "" || p.startsWith(`${dir}/`);
      // A project with node_modules was installed: an entry not installed is not in the image
      // (a dev dependency of a production install, a stale lockfile line), so it is left out.
      const modules = dir === "" ? "node_modules/" : `${dir}/node_modules/`;
      const wasInstalled = installed.some((p) => p.foundIn.startsWith(modules));
      for (const e of entries) {
        const twins = (byId.get(`${e.name}@${e.version}`) ?? []).filter((i) => under(installed[i]!.foundIn));
        if (twins.length > 0) {
          // Prod in any lockfile that covers it wins over dev, as within one lockfile.
          for (const i of twins) devFlags.set(i, (devFlags.get(i) ?? true) && e.dev);
          continue;
        }
        if (wasInstalled) continue;
        fromLocks.push({
          name: e.name,
          version: e.version,
          type: "npm",
          arch: null,
          source: null,
          purl: npmPurl(e.name, e.version),
          foundIn: path,
          ...(e.dev ? { dev: true } : {}),
        });
      }
    }
    const found = [...installed.map((p, i) => (devFlags.get(i) === true ? { ...p, dev: true } : p)), ...fromLocks];
    return { found, problems };
  },
};
