/**
 * Just enough POSIX shell to find the simple commands of a RUN: quotes, `\` escapes, comments
 * and the separators `&& || ; | & ( )` and newlines. It is not an interpreter: variables and
 * functions are not followed; `sh -c '…'` strings are (the body is what runs).
 */
import type { Instruction } from "./input.js";

export interface SimpleCommand {
  /** Words with quotes removed and leading `NAME=value` assignments dropped. */
  readonly words: readonly string[];
  /** Basename of the program (`/usr/bin/apt-get` → `apt-get`); "" when there is none. */
  readonly program: string;
  /** The leading `NAME=value` words, which set the environment of this command only. */
  readonly assignments: readonly string[];
  /** True when stdin is the previous command's stdout (`a | b`: true for `b`). */
  readonly pipeIn: boolean;
}

const OPERATOR_CHARS = new Set(["&", "|", ";", "(", ")", "\n"]);
export const SHELLS: ReadonlySet<string> = new Set(["sh", "bash", "ash", "dash", "zsh", "ksh"]);

/** Splits a script into simple commands. */
export function parseShell(script: string): SimpleCommand[] {
  const commands: SimpleCommand[] = [];
  let words: string[] = [];
  let word: string | null = null;
  let pipeIn = false;
  const endWord = (): void => {
    if (word !== null) words.push(word);
    word = null;
  };
  const endCommand = (): void => {
    endWord();
    const assignment = /^[A-Za-z_][A-Za-z0-9_]*=/;
    let i = 0;
    while (i < words.length && assignment.test(words[i]!)) i++;
    const rest = words.slice(i);
    if (rest.length > 0) commands.push({ words: rest, program: rest[0]!.split("/").pop() ?? "", assignments: words.slice(0, i), pipeIn });
    words = [];
  };
  for (let i = 0; i < script.length; i++) {
    const c = script[i]!;
    if (c === "\\") {
      if (script[i + 1] === "\n") i++;
      else word = (word ?? "") + (script[++i] ?? "");
    } else if (c === "'" || c === '"') {
      const close = script.indexOf(c, i + 1);
      const end = close === -1 ? script.length : close;
      word = (word ?? "") + script.slice(i + 1, end);
      i = end;
    } else if (c === "#" && word === null) {
      while (i + 1 < script.length && script[i + 1] !== "\n") i++;
    } else if (c === "&" && (script[i - 1] === ">" || script[i - 1] === "<" || script[i + 1] === ">")) {
      word = (word ?? "") + c; // a redirection (`2>&1`, `&>`), not a separator
    } else if (OPERATOR_CHARS.has(c)) {
      const empty = word === null && words.length === 0;
      endCommand();
      // `||` is one operator; `|&` is a pipe too. A newline after `|` continues the pipeline.
      const pipe = c === "|" && script[i + 1] !== "|";
      if (c === "|" && script[i + 1] === "|") i++;
      if (!(c === "\n" && empty)) pipeIn = pipe;
    } else if (c === " " || c === "\t" || c === "\r") {
      endWord();
    } else {
      word = (word ?? "") + c;
    }
  }
  endCommand();
  return commands;
}

/**
 * The commands a RUN executes. A heredoc body is a script when the RUN line is only the heredoc
 * (`RUN <<EOF`) or feeds it to a shell (`RUN bash <<EOF`); otherwise it is data for the command.
 */
export function runCommands(run: Instruction): SimpleCommand[] {
  if (run.form === "exec") {
    const program = run.args[0] ?? "";
    const name = program.split("/").pop() ?? "";
    return program === "" ? [] : followShellC([{ words: run.args, program: name, assignments: [], pipeIn: false }]);
  }
  const line = parseShell(run.args[0] ?? "").map((cmd) => ({
    ...cmd,
    words: cmd.words.filter((w) => !/^\d*<<-?/.test(w)),
  }));
  const lineCommands = line.filter((cmd) => cmd.words.length > 0);
  const bodyIsScript = run.heredocs.length > 0 && (lineCommands.length === 0 || (lineCommands.length === 1 && SHELLS.has(lineCommands[0]!.program)));
  const body = bodyIsScript ? run.heredocs.flatMap((h) => parseShell(h.content)) : [];
  return followShellC([...lineCommands.filter((cmd) => !(bodyIsScript && SHELLS.has(cmd.program))), ...body]);
}

/** The script of `sh -c 'script'` (also `bash -ec`, `sh -x -c`), or null for any other command. */
export function shellCBody(cmd: SimpleCommand): string | null {
  if (!SHELLS.has(cmd.program)) return null;
  for (let i = 1; i < cmd.words.length; i++) {
    const w = cmd.words[i]!;
    if (!/^-[a-zA-Z]+$/.test(w)) return null;
    if (w.includes("c")) return cmd.words[i + 1] ?? null;
  }
  return null;
}

/** Replaces each `sh -c 'script'` by the commands of its script (nested ones too, a few deep). */
function followShellC(commands: readonly SimpleCommand[], depth = 0): SimpleCommand[] {
  return commands.flatMap((cmd) => {
    const body = depth < 4 ? shellCBody(cmd) : null;
    if (body === null) return [cmd];
    const inner = parseShell(body);
    if (inner[0] !== undefined) inner[0] = { ...inner[0], pipeIn: cmd.pipeIn };
    return followShellC(inner, depth + 1);
  });
}

/** The first argument that is not an option, e.g. `install` in `apt-get -y install x`. */
export function subcommand(cmd: SimpleCommand): string | undefined {
  const withValue = new Set(["-o", "-c", "-t", "--option", "--config-file", "--target-release", "-X", "--repo", "-r"]);
  for (let i = 1; i < cmd.words.length; i++) {
    const w = cmd.words[i]!;
    if (withValue.has(w)) i++;
    else if (!w.startsWith("-")) return w;
  }
  return undefined;
}

/** True for `prog sub …` (any of the subcommands when given). */
export function isCall(cmd: SimpleCommand, programs: readonly string[], subs?: readonly string[]): boolean {
  if (!programs.includes(cmd.program)) return false;
  if (subs === undefined) return true;
  const sub = subcommand(cmd);
  return sub !== undefined && subs.includes(sub);
}

/** Wrappers that run the rest of their words as a command, with how many words they take first. */
const WRAPPERS: Readonly<Record<string, { readonly valueOptions: RegExp; readonly positional: number }>> = {
  sudo: { valueOptions: /^-[ugCDrtThp]$/, positional: 0 },
  doas: { valueOptions: /^-[uC]$/, positional: 0 },
  env: { valueOptions: /^-[uCS]$/, positional: 0 },
  nice: { valueOptions: /^-n$/, positional: 0 },
  nohup: { valueOptions: /^$/, positional: 0 },
  exec: { valueOptions: /^-a$/, positional: 0 },
  command: { valueOptions: /^$/, positional: 0 },
  time: { valueOptions: /^-[fo]$/, positional: 0 },
  xargs: { valueOptions: /^-[EeIiLlnPsd]$/, positional: 0 },
  // gosu/su-exec USER COMMAND…: the user is one positional word before the command.
  gosu: { valueOptions: /^$/, positional: 1 },
  "su-exec": { valueOptions: /^$/, positional: 1 },
};

/**
 * The command a wrapper runs: `sudo -u app chmod 777 /x`, `env A=1 chmod …`, `gosu app chmod …`,
 * `xargs chmod 777` all run chmod. Rules that look at a program must see through these, or
 * `sudo chmod 777` passes a check that `chmod 777` fails. Nested wrappers unwrap in turn.
 */
export function unwrapCommand(cmd: SimpleCommand): SimpleCommand {
  let words = cmd.words;
  for (let depth = 0; depth < 8; depth++) {
    const name = words[0]?.split("/").pop() ?? "";
    const wrapper = WRAPPERS[name];
    if (wrapper === undefined) break;
    let i = 1;
    while (i < words.length) {
      const w = words[i]!;
      if (wrapper.valueOptions.test(w)) i += 2;
      else if (w === "--") {
        i++;
        break;
      } else if (w.startsWith("-") || (name === "env" && w.includes("="))) i++;
      else break;
    }
    words = words.slice(i + wrapper.positional);
  }
  return words === cmd.words ? cmd : { ...cmd, words, program: words[0]?.split("/").pop() ?? "" };
}

/**
 * The commands `find … -exec CMD {} ;` (or `-execdir`, `+`) runs, besides the command itself,
 * after unwrapping: `find /app -exec chmod 777 {} +` changes modes as surely as chmod does.
 */
export function effectiveCommands(cmd: SimpleCommand): SimpleCommand[] {
  const own = unwrapCommand(cmd);
  if (own.program !== "find") return [own];
  const out: SimpleCommand[] = [own];
  const w = own.words;
  for (let i = 0; i < w.length; i++) {
    if (w[i] !== "-exec" && w[i] !== "-execdir" && w[i] !== "-ok") continue;
    const end = w.findIndex((x, j) => j > i && (x === ";" || x === "\\;" || x === "+"));
    const words = w.slice(i + 1, end === -1 ? undefined : end);
    if (words.length > 0) out.push(unwrapCommand({ ...own, words, program: words[0]!.split("/").pop() ?? "" }));
    if (end !== -1) i = end;
  }
  return out;
}
