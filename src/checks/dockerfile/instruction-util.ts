/** Interprets one logical line: keyword, flags, exec vs shell form, substituted arguments. */
import type { Flag, Instruction, KeyValue } from "./input.js";
import type { LogicalLine } from "./lines-util.js";
import { processWord, splitWords, type EscapeChar, type Scope } from "./words-util.js";

export const KNOWN_KEYWORDS: ReadonlySet<string> = new Set([
  "ADD",
  "ARG",
  "CMD",
  "COPY",
  "ENTRYPOINT",
  "ENV",
  "EXPOSE",
  "FROM",
  "HEALTHCHECK",
  "LABEL",
  "MAINTAINER",
  "ONBUILD",
  "RUN",
  "SHELL",
  "STOPSIGNAL",
  "USER",
  "VOLUME",
  "WORKDIR",
]);
const WITH_FLAGS = new Set(["FROM", "RUN", "COPY", "ADD", "HEALTHCHECK"]);
const COMMANDS = new Set(["RUN", "CMD", "ENTRYPOINT"]);
const ONBUILD_FORBIDDEN = new Set(["ONBUILD", "FROM", "MAINTAINER"]);

/** Parses a JSON array of strings (exec form); null when the text is not one. */
export function parseExecForm(text: string): string[] | null {
  if (!text.startsWith("[")) return null;
  try {
    const parsed: unknown = JSON.parse(text);
    if (Array.isArray(parsed) && parsed.every((x): x is string => typeof x === "string")) return parsed;
  } catch {
    // Docker falls back to the shell form for text that only looks like JSON.
  }
  return null;
}

/** Returns the instruction, or a one-line reason why the line cannot be one. */
export function buildInstruction(line: LogicalLine, keyword: string, stage: number, scope: Scope, escape: EscapeChar, expand = true): Instruction | string {
  const all = splitWords(line.text, escape);
  let idx = 1;
  const proc = (w: string): string => (expand ? processWord(w, scope, escape) : w);
  const flags: Flag[] = [];
  if (WITH_FLAGS.has(keyword)) {
    for (let w = all[idx]; w !== undefined && /^--[A-Za-z]/.test(w.text); w = all[++idx]) {
      const eq = w.text.indexOf("=");
      flags.push({
        name: (eq === -1 ? w.text.slice(2) : w.text.slice(2, eq)).toLowerCase(),
        value: eq === -1 ? null : proc(w.text.slice(eq + 1)),
      });
    }
  }
  const rest = line.text.slice(all[idx]?.start ?? line.text.length).trim();
  const rawArgs = all.slice(idx).map((w) => w.text);
  const exec = parseExecForm(rest);
  const unresolved = expand && !COMMANDS.has(keyword) && keyword !== "HEALTHCHECK" ? unsetVariables(line.text.slice(all[1]?.start ?? 0), scope) : [];
  const base = {
    keyword,
    startLine: line.startLine,
    endLine: line.endLine,
    text: line.text.trim(),
    stage,
    flags,
    rawArgs,
    heredocs: line.heredocs,
    unresolved,
  };
  const make = (
    args: readonly string[],
    form: "exec" | "shell" = "shell",
    keyValues: readonly KeyValue[] = [],
    onbuild: Instruction | null = null,
  ): Instruction => ({
    ...base,
    args,
    form,
    keyValues,
    onbuild,
  });
  if (rest === "" && line.heredocs.length === 0) return `${keyword} needs arguments`;

  if (COMMANDS.has(keyword)) return exec ? make(exec, "exec") : make([rest]);
  switch (keyword) {
    case "FROM": {
      const ok = rawArgs.length === 1 || (rawArgs.length === 3 && rawArgs[1]!.toUpperCase() === "AS");
      if (!ok) return "FROM takes an image and optionally 'AS name'";
      return make(rawArgs.map(proc));
    }
    case "SHELL":
      return exec ? make(exec, "exec") : "SHELL needs the JSON (exec) form";
    case "HEALTHCHECK": {
      const kind = rawArgs[0]!.toUpperCase();
      if (kind === "NONE") return make(["NONE"]);
      if (kind !== "CMD") return `HEALTHCHECK takes NONE or CMD, not '${rawArgs[0]}'`;
      const cmd = rest.slice(rawArgs[0]!.length).trim();
      if (cmd === "") return "HEALTHCHECK CMD needs a command";
      const cmdExec = parseExecForm(cmd);
      return cmdExec ? make(["CMD", ...cmdExec], "exec") : make(["CMD", cmd]);
    }
    case "ENV":
    case "LABEL":
    case "ARG": {
      const pairs = keyValues(keyword, rawArgs, rest, proc);
      return typeof pairs === "string"
        ? pairs
        : make(
            pairs.flatMap((p) => (p.value === null ? [p.key] : [`${p.key}=${p.value}`])),
            "shell",
            pairs,
          );
    }
    case "COPY":
    case "ADD": {
      const args = exec ? exec.map(proc) : rawArgs.map(proc);
      if (args.length < 2) return `${keyword} needs a source and a destination`;
      return make(args, exec ? "exec" : "shell");
    }
    case "WORKDIR":
    case "MAINTAINER":
      // Both take the rest of the line as one value (paths and names may contain spaces).
      return make([keyword === "WORKDIR" ? proc(rest) : rest]);
    case "VOLUME":
      return exec ? make(exec.map(proc), "exec") : make(rawArgs.map(proc));
    case "ONBUILD": {
      const inner = /^(\S+)/.exec(rest)?.[1]?.toUpperCase() ?? "";
      if (!KNOWN_KEYWORDS.has(inner) || ONBUILD_FORBIDDEN.has(inner)) return `ONBUILD cannot trigger '${inner}'`;
      const trigger = buildInstruction({ ...line, text: rest }, inner, stage, scope, escape, false);
      return typeof trigger === "string" ? `ONBUILD ${trigger}` : make([rest], "shell", [], trigger);
    }
    default:
      return make(rawArgs.map(proc));
  }
}

/** Variables referenced but not set when the instruction runs (they may come from the base image). */
function unsetVariables(text: string, scope: Scope): string[] {
  const names = [...text.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!);
  return [...new Set(names.filter((n) => !scope.has(n)))];
}

function keyValues(keyword: string, rawArgs: readonly string[], rest: string, proc: (w: string) => string): KeyValue[] | string {
  if (keyword === "ARG") {
    return rawArgs.map((w) => {
      const eq = w.indexOf("=");
      return eq === -1 ? { key: w, value: null } : { key: w.slice(0, eq), value: proc(w.slice(eq + 1)) };
    });
  }
  const first = rawArgs[0]!;
  if (!first.includes("=")) {
    // Legacy `ENV key value`: one pair, the value is the rest of the line.
    const value = rest.slice(first.length).trim();
    if (value === "") return `${keyword} ${first} needs a value`;
    return [{ key: proc(first), value: proc(value) }];
  }
  const pairs: KeyValue[] = [];
  for (const w of rawArgs) {
    const eq = w.indexOf("=");
    if (eq <= 0) return `${keyword} expects key=value pairs, got '${w}'`;
    pairs.push({ key: proc(w.slice(0, eq)), value: proc(w.slice(eq + 1)) });
  }
  return pairs;
}
