import type { ImageConfig } from "../../core/image.js";

/** One history step, normalised from the various `created_by` dialects (classic builder, BuildKit, hand-written). */
export interface HistoryStep {
  /** Index in `config.history`. */
  readonly index: number;
  readonly createdBy: string;
  readonly emptyLayer: boolean;
  /** Upper-case Dockerfile instruction: RUN, ADD, COPY, ENV, ARG, LABEL, … */
  readonly instruction: string;
  /** The instruction's arguments (for RUN: the shell command). */
  readonly body: string;
  /** `|N A=b C=d` build arguments recorded in front of a RUN. */
  readonly buildArgs: readonly string[];
}

const INSTRUCTION = /^([A-Za-z]+)\b\s*(.*)$/s;

/** Parses one `created_by` string. */
export function parseCreatedBy(index: number, createdBy: string, emptyLayer: boolean): HistoryStep {
  let s = createdBy.trim().replace(/\s*#\s*buildkit\s*$/, "");
  let explicit: string | null = null;
  const lead = /^([A-Z]+)\s+(.*)$/s.exec(s);
  // BuildKit writes `RUN /bin/sh -c cmd`; hand-written histories write `RUN cmd`.
  if (lead && lead[1] === "RUN") {
    explicit = "RUN";
    s = lead[2] ?? "";
  }
  const buildArgs: string[] = [];
  const argPrefix = /^\|(\d+)\s+/.exec(s);
  if (argPrefix) {
    s = s.slice(argPrefix[0].length);
    const n = Number(argPrefix[1]);
    for (let i = 0; i < n; i++) {
      const m = /^((?:[^\s"']|"[^"]*"|'[^']*')+)\s*/.exec(s);
      if (!m) break;
      buildArgs.push(m[1] ?? "");
      s = s.slice(m[0].length);
    }
  }
  const shell = /^\/bin\/(?:ba)?sh\s+-c\s+/.exec(s);
  if (shell) s = s.slice(shell[0].length);
  const nop = /^#\(nop\)\s*/.exec(s);
  if (nop) {
    s = s.slice(nop[0].length);
    const m = INSTRUCTION.exec(s);
    return { index, createdBy, emptyLayer, instruction: (m?.[1] ?? "").toUpperCase(), body: (m?.[2] ?? "").trim(), buildArgs };
  }
  if (shell || explicit === "RUN") return { index, createdBy, emptyLayer, instruction: "RUN", body: s.trim(), buildArgs };
  const m = /^([A-Z]+)\s+(.*)$/s.exec(s);
  if (m) return { index, createdBy, emptyLayer, instruction: m[1] ?? "", body: (m[2] ?? "").trim(), buildArgs };
  return { index, createdBy, emptyLayer, instruction: "RUN", body: s, buildArgs };
}

export function historySteps(config: ImageConfig): HistoryStep[] {
  return (config.history ?? []).map((h, i) => parseCreatedBy(i, h.created_by ?? "", h.empty_layer === true));
}

/**
 * Splits a shell command into simple commands at `&&`, `||`, `;`, `|` and newlines, outside
 * quotes. Not a shell parser: enough to find which program each simple command runs.
 */
export function splitCommands(cmd: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quote: string | null = null;
  for (let i = 0; i < cmd.length; i++) {
    const c = cmd[i] ?? "";
    if (quote !== null) {
      if (c === "\\" && quote === '"' && i + 1 < cmd.length) {
        cur += c + (cmd[i + 1] ?? "");
        i++;
        continue;
      }
      if (c === quote) quote = null;
      cur += c;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      cur += c;
      continue;
    }
    if (c === "\\" && cmd[i + 1] === "\n") {
      i++;
      cur += " ";
      continue;
    }
    if (c === ";" || c === "\n" || c === "|" || (c === "&" && cmd[i + 1] === "&")) {
      if (c === "&" || (c === "|" && cmd[i + 1] === "|")) i++;
      if (cur.trim() !== "") out.push(cur.trim());
      cur = "";
      continue;
    }
    cur += c;
  }
  if (cur.trim() !== "") out.push(cur.trim());
  return out;
}

/** Splits words outside quotes; quotes are kept off the resulting words. */
export function shellWords(cmd: string): string[] {
  const words: string[] = [];
  let cur = "";
  let has = false;
  let quote: string | null = null;
  for (let i = 0; i < cmd.length; i++) {
    const c = cmd[i] ?? "";
    if (quote !== null) {
      if (c === "\\" && quote === '"' && i + 1 < cmd.length) {
        cur += cmd[i + 1] ?? "";
        i++;
      } else if (c === quote) quote = null;
      else cur += c;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      has = true;
    } else if (/\s/.test(c)) {
      if (has) words.push(cur);
      cur = "";
      has = false;
    } else {
      cur += c;
      has = true;
    }
  }
  if (has) words.push(cur);
  return words;
}

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
const PREFIX_WORDS = new Set(["then", "do", "else", "if", "!", "{", "(", "exec", "time", "nohup", "command"]);

/** The words of a simple command split into leading `NAME=value` assignments and the program with its arguments. */
export function commandParts(simple: string): { assignments: string[]; argv: string[] } {
  const words = shellWords(simple);
  const assignments: string[] = [];
  let i = 0;
  for (; i < words.length; i++) {
    const w = words[i] ?? "";
    if (ASSIGNMENT.test(w)) assignments.push(w);
    else if (PREFIX_WORDS.has(w) || w === "env") continue;
    else break;
  }
  return { assignments, argv: words.slice(i) };
}

/** The program a command runs, without its directory: `/usr/bin/apt-get` → `apt-get`. */
export function programName(argv: readonly string[]): string {
  const first = argv[0] ?? "";
  return first.slice(first.lastIndexOf("/") + 1);
}

/** Index of the first step that wrote a layer: the base rootfs when the image was built FROM a base. */
export function firstLayerStep(steps: readonly HistoryStep[]): number {
  return steps.findIndex((s) => !s.emptyLayer);
}

const PACKAGE_MANAGERS = new Set(["apt-get", "apt", "aptitude", "apk", "yum", "dnf", "microdnf", "zypper", "tdnf"]);

/** A package-manager invocation: the manager and its first non-option word (`apt-get -y install x` → install). */
export function packageManagerCall(simple: string): { manager: string; subcommand: string } | null {
  let { argv } = commandParts(simple);
  if (programName(argv) === "sudo") argv = argv.slice(1).filter((w, i) => i > 0 || !w.startsWith("-"));
  const manager = programName(argv);
  if (!PACKAGE_MANAGERS.has(manager)) return null;
  const sub = argv.slice(1).find((w) => !w.startsWith("-")) ?? "";
  return { manager, subcommand: sub };
}

/** Shortens a history line for evidence. */
export function clip(s: string, max = 240): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
