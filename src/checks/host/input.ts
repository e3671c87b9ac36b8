import type { EntryType, FileTree } from "../../contracts/file-tree.js";
import type { Problem } from "../../core/problem.js";
import { loadAuditRules, type AuditRules } from "./audit-util.js";
import { loadDockerd, type DockerdCommand } from "./dockerd-util.js";
import { loadEffectiveUnit, type UnitDirective } from "./systemd-util.js";

export type { AuditRules, AuditWatch } from "./audit-util.js";
export type { DockerdCommand } from "./dockerd-util.js";
export type { DockerdFlag } from "./dockerd-flags-util.js";

/**
 * Paths whose content the host checks read (globs; `*` stays within one segment). Vendor unit
 * directories are listed both with and without /usr because a merged-/usr root stores them once.
 */
export const hostCheckWants: readonly string[] = [
  "etc/docker/daemon.json",
  ...["etc/systemd/system", "run/systemd/system", "lib/systemd/system", "usr/lib/systemd/system"].flatMap((d) => [
    `${d}/docker.service`,
    `${d}/docker.socket`,
    `${d}/docker.service.d/*.conf`,
    `${d}/docker.socket.d/*.conf`,
  ]),
  "etc/default/docker",
  "etc/sysconfig/docker",
  "etc/audit/audit.rules",
  "etc/audit/rules.d/*.rules",
  "etc/group",
  "etc/passwd",
  "etc/fstab",
  "proc/mounts",
  // On a live root proc/mounts is a symlink to self/mounts, i.e. to the reading process's mounts.
  "proc/*/mounts",
  "etc/containerd/config.toml",
];

/** A path's metadata after following symlinks; `path` is root-relative without a leading slash. */
export interface HostFileStat {
  readonly path: string;
  readonly type: EntryType;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
}

export type DaemonConfig =
  | { readonly status: "absent"; readonly path: string }
  | { readonly status: "invalid"; readonly path: string; readonly detail: string }
  | { readonly status: "ok"; readonly path: string; readonly text: string; readonly values: Readonly<Record<string, unknown>> };

export interface HostSnapshot {
  readonly daemonConfig: DaemonConfig;
  /** dockerd's effective arguments from the docker.service unit (or the defaults file); null if neither exists. */
  readonly dockerd: DockerdCommand | null;
  /** Path of the docker.service / docker.socket unit systemd would load, or null. */
  readonly serviceUnit: string | null;
  readonly socketUnit: string | null;
  /** `ListenStream=` of docker.socket: a non-path value means the daemon is reachable over TCP. */
  readonly socketListen: readonly UnitDirective[];
  readonly audit: AuditRules;
  /** The daemon's data root (`data-root` / `--data-root`, default var/lib/docker), root-relative. */
  readonly dataRoot: string;
  /** Where each engine binary lives in the snapshot (first hit on the usual PATH), or its default. */
  readonly binaries: Readonly<Record<"dockerd" | "containerd" | "containerd-shim" | "containerd-shim-runc-v1" | "containerd-shim-runc-v2" | "runc", string>>;
  /** etc/group's `docker` group, with members from the group line and from primary groups in etc/passwd. */
  readonly dockerGroup: { readonly gid: number; readonly members: readonly string[] } | null;
  readonly groupFile: boolean;
  /** Mount points from proc/mounts (preferred) or etc/fstab, root-relative ("" is /). */
  readonly mounts: { readonly source: string; readonly points: readonly string[] } | null;
  /** Users allowed in the docker group (1.1.2); null when no allow-list was given. */
  readonly trustedUsers: readonly string[] | null;
  /** Metadata of a path after following symlinks; undefined when absent. */
  stat(path: string): HostFileStat | undefined;
  /** Files (after following symlinks) below a directory, recursively. */
  filesUnder(dir: string): HostFileStat[];
  readonly problems: readonly Problem[];
}

export interface HostLoadOptions {
  readonly trustedUsers?: readonly string[];
}

function rel(p: string): string {
  return p.replace(/^\/+/, "").replace(/\/+$/, "");
}

function statOf(tree: FileTree, path: string): HostFileStat | undefined {
  const r = tree.resolve(rel(path));
  if (r === undefined) return undefined;
  const e = tree.stat(r);
  return e === undefined ? undefined : { path: r, type: e.type, mode: e.mode & 0o7777, uid: e.uid, gid: e.gid };
}

function loadDaemonConfig(tree: FileTree, path: string, problems: Problem[]): DaemonConfig {
  if (tree.stat(path) === undefined) return { status: "absent", path };
  const buf = tree.read(path);
  if (buf === undefined) {
    problems.push({ kind: "unreadable-file", path, detail: "daemon configuration present but its content was not read" });
    return { status: "invalid", path, detail: "content not available" };
  }
  const text = buf.toString("utf8");
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("top level is not a JSON object");
    return { status: "ok", path, text, values: parsed as Record<string, unknown> };
  } catch (e) {
    const detail = `invalid JSON: ${e instanceof Error ? e.message : String(e)}`;
    problems.push({ kind: "malformed-record", path, line: null, detail });
    return { status: "invalid", path, detail };
  }
}

function loadGroup(tree: FileTree): { group: HostSnapshot["dockerGroup"]; found: boolean } {
  const text = tree.read("etc/group")?.toString("utf8");
  if (text === undefined) return { group: null, found: false };
  for (const line of text.split(/\r?\n/)) {
    const f = line.split(":");
    if (f[0] !== "docker" || f.length < 4) continue;
    const gid = Number(f[2]);
    const members = new Set(
      f[3]!
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    );
    for (const p of (tree.read("etc/passwd")?.toString("utf8") ?? "").split(/\r?\n/)) {
      const pf = p.split(":");
      if (pf.length >= 4 && Number(pf[3]) === gid && pf[0]) members.add(pf[0]);
    }
    return { group: { gid, members: [...members].sort() }, found: true };
  }
  return { group: null, found: true };
}

function loadMounts(tree: FileTree): HostSnapshot["mounts"] {
  for (const source of ["proc/mounts", "etc/fstab"]) {
    const text = tree.read(source)?.toString("utf8");
    if (text === undefined || text.trim() === "") continue;
    const points: string[] = [];
    for (const line of text.split(/\r?\n/)) {
      const t = line.trim();
      if (t === "" || t.startsWith("#")) continue;
      const f = t.split(/\s+/);
      const mp = f[1];
      if (mp === undefined || !mp.startsWith("/")) continue; // swap and "none" entries
      points.push(rel(mp.replace(/\\([0-7]{3})/g, (_m, o: string) => String.fromCharCode(parseInt(o, 8)))));
    }
    return { source, points };
  }
  return null;
}

const BIN_DIRS = ["usr/bin", "usr/local/bin", "usr/sbin", "bin", "sbin"];

function findBinary(tree: FileTree, name: string): string {
  for (const d of BIN_DIRS) if (tree.stat(`${d}/${name}`) !== undefined) return `${d}/${name}`;
  return `usr/bin/${name}`;
}

/** Builds the host snapshot from a root filesystem tree. Pure: reads only the tree. */
export function loadHostSnapshot(tree: FileTree, options: HostLoadOptions = {}): HostSnapshot {
  const problems: Problem[] = [];
  const service = loadEffectiveUnit(tree, "docker.service");
  const socket = loadEffectiveUnit(tree, "docker.socket");
  for (const f of [...service.unreadable, ...socket.unreadable]) {
    problems.push({ kind: "unreadable-file", path: f, detail: "unit file present but its content was not read" });
  }
  const dockerd = loadDockerd(tree, service, problems);
  const configFlag = dockerd?.flags.findLast((f) => f.name === "config-file")?.value;
  const daemonConfig = loadDaemonConfig(tree, configFlag ? rel(configFlag) : "etc/docker/daemon.json", problems);
  const audit = loadAuditRules(tree);
  for (const f of audit.unreadable) problems.push({ kind: "unreadable-file", path: f, detail: "audit rules present but not read" });
  const rootFlag = dockerd?.flags.findLast((f) => f.name === "data-root")?.value;
  const rootKey = daemonConfig.status === "ok" ? (daemonConfig.values["data-root"] ?? daemonConfig.values["graph"]) : undefined;
  const dataRoot = rel(typeof rootKey === "string" ? rootKey : (rootFlag ?? "/var/lib/docker"));
  const { group, found } = loadGroup(tree);
  const mk = (n: string): string => findBinary(tree, n);
  return {
    daemonConfig,
    dockerd,
    serviceUnit: service.masked ? null : service.path,
    socketUnit: socket.masked ? null : socket.path,
    socketListen: socket.directives.filter((d) => d.section === "Socket" && d.key === "ListenStream" && d.value !== ""),
    audit: audit.rules,
    dataRoot,
    binaries: {
      dockerd: mk("dockerd"),
      containerd: mk("containerd"),
      "containerd-shim": mk("containerd-shim"),
      "containerd-shim-runc-v1": mk("containerd-shim-runc-v1"),
      "containerd-shim-runc-v2": mk("containerd-shim-runc-v2"),
      runc: mk("runc"),
    },
    dockerGroup: group,
    groupFile: found,
    mounts: loadMounts(tree),
    trustedUsers: options.trustedUsers ?? null,
    stat: (path) => statOf(tree, path),
    filesUnder: (dir) =>
      tree
        .list(rel(dir))
        .map((e) => statOf(tree, e.path))
        .filter((s): s is HostFileStat => s !== undefined && s.type === "file"),
    problems,
  };
}
