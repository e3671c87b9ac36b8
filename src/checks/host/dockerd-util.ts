import type { FileTree } from "../../contracts/file-tree.js";
import type { Problem } from "../../core/problem.js";
import { parseDockerdFlags, type DockerdFlag } from "./dockerd-flags-util.js";
import { expandWords, parseEnvFile, splitWords, type EffectiveUnit, type SourcedWord } from "./systemd-util.js";

/** dockerd's effective command line, as systemd (or the init script's defaults file) would start it. */
export interface DockerdCommand {
  /** The file that the command line came from: the unit (or drop-in) holding ExecStart, or the defaults file. */
  readonly source: string;
  readonly argv: readonly SourcedWord[];
  readonly flags: readonly DockerdFlag[];
  /** Words that are not flags (dockerd rejects them; reported so a person can look). */
  readonly stray: readonly SourcedWord[];
  /** Things a person should know: ignored defaults files, multiple ExecStart lines. */
  readonly notes: readonly string[];
}

type Env = Map<string, { value: string; file: string; line: number }>;

const DEFAULTS_FILES = [
  { path: "etc/default/docker", variable: "DOCKER_OPTS" },
  { path: "etc/sysconfig/docker", variable: "OPTIONS" },
] as const;

function readEnvFile(tree: FileTree, path: string, env: Env, problems: Problem[]): boolean {
  if (tree.stat(path) === undefined) return false;
  const buf = tree.read(path);
  if (buf === undefined) {
    problems.push({ kind: "unreadable-file", path, detail: "environment file present but its content was not read" });
    return false;
  }
  for (const [k, v] of parseEnvFile(buf.toString("utf8"))) env.set(k, { value: v.value, file: path, line: v.line });
  return true;
}

function fromWords(source: string, words: SourcedWord[], notes: string[]): DockerdCommand {
  const args = words.slice(1);
  const { flags, stray } = parseDockerdFlags(args);
  return { source, argv: words, flags, stray, notes };
}

/**
 * Applies systemd semantics: an empty `ExecStart=` clears the list, later assignments (drop-ins
 * in file-name order) append; Environment= and EnvironmentFile= feed `$VAR` expansion. Without a
 * unit, a sysvinit/upstart host reads DOCKER_OPTS (Debian) or OPTIONS (Red Hat) from its defaults file.
 */
export function loadDockerd(tree: FileTree, unit: EffectiveUnit, problems: Problem[]): DockerdCommand | null {
  const notes: string[] = [];
  if (unit.path !== null && !unit.masked) {
    let exec: { value: string; file: string; line: number }[] = [];
    const env: Env = new Map();
    const envFiles: string[] = [];
    for (const d of unit.directives) {
      if (d.section !== "Service") continue;
      if (d.key === "ExecStart") exec = d.value === "" ? [] : [...exec, d];
      else if (d.key === "Environment") {
        for (const a of splitWords(d.value)) {
          const eq = a.indexOf("=");
          if (eq > 0) env.set(a.slice(0, eq), { value: a.slice(eq + 1), file: d.file, line: d.line });
        }
      } else if (d.key === "EnvironmentFile") {
        if (d.value === "") envFiles.length = 0;
        else envFiles.push(d.value.replace(/^-/, ""));
      }
    }
    // systemd reads EnvironmentFile after Environment=, so file values win.
    for (const f of envFiles) readEnvFile(tree, f.replace(/^\/+/, ""), env, problems);
    for (const df of DEFAULTS_FILES) {
      const referenced = envFiles.some((f) => f.replace(/^\/+/, "") === df.path);
      if (!referenced && tree.stat(df.path) !== undefined)
        notes.push(`/${df.path} exists but ${unit.path} does not load it, so its settings do not reach dockerd`);
    }
    if (exec.length > 1)
      notes.push(`${exec.length} ExecStart lines remain after drop-ins; systemd accepts that only for Type=oneshot, the last one is used here`);
    const last = exec.at(-1);
    if (last === undefined) {
      notes.push(`${unit.path} has no ExecStart`);
      return { source: unit.path, argv: [], flags: [], stray: [], notes };
    }
    const raw = splitWords(last.value).map((text) => ({ text, file: last.file, line: last.line }));
    if (raw[0]) raw[0] = { ...raw[0], text: raw[0].text.replace(/^[-@:+!]+/, "") };
    return fromWords(last.file, expandWords(raw, env), notes);
  }
  for (const df of DEFAULTS_FILES) {
    const env: Env = new Map();
    if (!readEnvFile(tree, df.path, env, problems)) continue;
    const v = env.get(df.variable);
    const words = v === undefined ? [] : splitWords(v.value).map((text) => ({ text, file: df.path, line: v.line }));
    return fromWords(df.path, [{ text: "dockerd", file: df.path, line: 0 }, ...words], notes);
  }
  return null;
}
