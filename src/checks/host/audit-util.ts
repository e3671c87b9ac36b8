import type { FileTree } from "../../contracts/file-tree.js";
import { splitWords } from "./systemd-util.js";

/** A file-system audit rule: `-w PATH` or `-a always,exit -F path=PATH` / `-F dir=PATH`. */
export interface AuditWatch {
  /** Root-relative, as written (leading slash removed). */
  readonly path: string;
  /** The path after following symlinks in the snapshot, when it exists there. */
  readonly resolved: string | null;
  /** Permission filter (`-p wa`, `-F perm=wa`); null when absent (all accesses). */
  readonly perms: string | null;
  readonly key: string | null;
  readonly file: string;
  readonly line: number;
  readonly text: string;
}

export interface AuditRules {
  /** The rule files that were read; empty means no audit configuration was found. */
  readonly files: readonly string[];
  readonly watches: readonly AuditWatch[];
}

function rel(p: string): string {
  return p.replace(/^\/+/, "").replace(/\/+$/, "");
}

/**
 * Parses one stream of auditctl rules. `-D` deletes the rules so far and `-W` removes a watch,
 * as auditctl does when it loads the file; `never` actions add nothing.
 */
export function parseAuditRules(text: string, file: string, tree: FileTree, into: AuditWatch[]): void {
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const words = splitWords(line);
    let watch: string | null = null;
    let remove: string | null = null;
    let action: string | null = null;
    let fieldPath: string | null = null;
    let perms: string | null = null;
    let key: string | null = null;
    for (let j = 0; j < words.length; j++) {
      const w = words[j]!;
      const next = words[j + 1];
      if (w === "-D") into.splice(0, into.length);
      else if (w === "-w" && next !== undefined) ((watch = next), j++);
      else if (w === "-W" && next !== undefined) ((remove = next), j++);
      else if ((w === "-a" || w === "-A") && next !== undefined) ((action = next), j++);
      else if (w === "-p" && next !== undefined) ((perms = next), j++);
      else if (w === "-k" && next !== undefined) ((key = next), j++);
      else if (w === "-F" && next !== undefined) {
        j++;
        const m = /^(path|dir|perm|key)=(.*)$/.exec(next);
        if (m?.[1] === "path" || m?.[1] === "dir") fieldPath = m[2]!;
        else if (m?.[1] === "perm") perms = m[2]!;
        else if (m?.[1] === "key") key = m[2]!;
      }
    }
    if (remove !== null) {
      const r = rel(remove);
      for (let k = into.length - 1; k >= 0; k--) if (into[k]!.path === r) into.splice(k, 1);
      continue;
    }
    let target: string | null = null;
    if (watch !== null) target = watch;
    else if (action !== null && fieldPath !== null) {
      const parts = action.split(",");
      if (parts.includes("always") && parts.includes("exit")) target = fieldPath;
    }
    if (target === null) continue;
    const path = rel(target);
    into.push({ path, resolved: tree.resolve(path) ?? null, perms, key, file, line: i + 1, text: line });
  }
}

/** Whether the rule records writes or attribute changes (CIS asks for changes to be audited). */
export function auditsChanges(w: AuditWatch): boolean {
  return w.perms === null || /[wa]/.test(w.perms);
}

export function loadAuditRules(tree: FileTree): { rules: AuditRules; unreadable: string[] } {
  const files: string[] = [];
  const unreadable: string[] = [];
  const watches: AuditWatch[] = [];
  // augenrules concatenates rules.d in file-name order into audit.rules; reading both covers a
  // host that has not regenerated audit.rules yet, and duplicates are harmless.
  const dropIns = tree
    .list("etc/audit/rules.d")
    .filter((e) => e.path.endsWith(".rules") && !e.path.slice("etc/audit/rules.d/".length).includes("/"))
    .map((e) => e.path);
  const streams: string[][] = [["etc/audit/audit.rules"], dropIns];
  for (const stream of streams) {
    const acc: AuditWatch[] = [];
    for (const f of stream) {
      if (tree.stat(f) === undefined) continue;
      const buf = tree.read(f);
      if (buf === undefined) {
        unreadable.push(f);
        continue;
      }
      files.push(f);
      parseAuditRules(buf.toString("utf8"), f, tree, acc);
    }
    watches.push(...acc);
  }
  return { rules: { files, watches }, unreadable };
}
