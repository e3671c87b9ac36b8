import type { CheckRule } from "../../contracts/check-rule.js";
import type { DockerfileInput, Instruction } from "./input.js";
import { CIS_SECTION, evidenceOf, runsOf, verdict } from "./rule-util.js";
import { runCommands, SHELLS, unwrapCommand, type SimpleCommand } from "./shell-util.js";

const INTERPRETERS = /^(?:python[0-9.]*|perl|ruby|node|php)$/;
/** `sh <(curl …)`, `bash -c "$(wget -O- …)"`, `eval "$(curl …)"`, `. <(curl …)`. */
const SUBSTITUTED = /(?:^|[\s;&|(])(?:eval|source|\.|(?:ba|z|da|k|a)?sh|python[0-9.]*|perl|ruby|node)\s[^;&|\n]*?(?:\$\(|<\(|`)\s*(?:curl|wget)\s/;

/** The program behind `sudo`, `env` and the other wrappers, and its arguments. */
function unwrap(cmd: SimpleCommand): { program: string; args: readonly string[] } {
  const inner = unwrapCommand(cmd);
  return { program: inner.program, args: inner.words.slice(1) };
}

/** True when the program executes what it reads on stdin: no script argument, `-`, or `-s`. */
export function runsStdin(cmd: SimpleCommand): boolean {
  const { program, args } = unwrap(cmd);
  const shell = SHELLS.has(program);
  if (!shell && !INTERPRETERS.test(program)) return false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (shell && (a === "-o" || a === "+o")) {
      i++; // `bash -o pipefail`: the option name is not a script
      continue;
    }
    if (a === "-" || (shell && /^-[a-zA-Z]*s[a-zA-Z]*$/.test(a))) return true;
    if (a === "--") return false;
    if (/^-[a-zA-Z]*[cme]/.test(a) && (shell ? /^-[a-zA-Z]*c/.test(a) : true)) return false; // -c/-m/-e: the code is an argument
    if (!a.startsWith("-")) return false; // a script file: stdin is its data
  }
  return true;
}

/** True when the download goes to stdout: curl unless -o/-O names a file; wget only with -O -. */
export function downloadsToStdout(cmd: SimpleCommand): boolean {
  const args = cmd.words.slice(1);
  if (cmd.program === "curl") {
    return !args.some((a, i) => {
      if (a === "-O" || a === "--remote-name" || a === "--remote-name-all" || /^-[a-zA-Z]*O[a-zA-Z]*$/.test(a)) return true;
      if (a === "--output" || /^-[a-zA-Z]*o$/.test(a)) return (args[i + 1] ?? "-") !== "-";
      return a.startsWith("--output=") && a !== "--output=-";
    });
  }
  if (cmd.program === "wget") {
    return args.some(
      (a, i) => a === "--output-document=-" || /^-[a-zA-Z]*O-$/.test(a) || ((a === "--output-document" || /^-[a-zA-Z]*O$/.test(a)) && args[i + 1] === "-"),
    );
  }
  return false;
}

/** Commands of each pipeline whose downstream part runs what an upstream download wrote. */
function pipedDownloads(commands: readonly SimpleCommand[]): boolean {
  let download = false;
  for (const cmd of commands) {
    if (!cmd.pipeIn) download = false;
    if (download && runsStdin(cmd)) return true;
    if (downloadsToStdout(cmd)) download = true;
  }
  return false;
}

function scripts(run: Instruction): string[] {
  return [run.args.join(" "), ...run.heredocs.map((h) => h.content)];
}

/**
 * CIS 4.11 (only verified packages): a script piped from the network into a shell runs without
 * any checksum or signature check. Trivy has no such check; hadolint DL4006 (pipefail) is the
 * nearest: it is about the same pipes, for the failure they hide.
 */
export const pipeToShell: CheckRule<DockerfileInput> = {
  id: "dockerfile-pipe-to-shell",
  group: "dockerfile",
  benchmarkIds: { "1.6.0": "4.11" },
  // CWE-494: download of code without integrity check.
  references: ["DL4006", "CWE-494"],
  title: "No downloaded script is piped into a shell",
  section: CIS_SECTION,
  level: 1,
  severity: "high",
  needs: ["Dockerfile: commands run by RUN instructions (including heredoc scripts and sh -c bodies)"],
  remediation:
    "Download the script to a file, verify its checksum or signature (e.g. `sha256sum -c`), then run it; or install the tool from a signed package repository.",
  evaluate(input) {
    const evidence = runsOf(input)
      .filter((run) => pipedDownloads(runCommands(run)) || scripts(run).some((s) => SUBSTITUTED.test(s)))
      .map((run) => evidenceOf(input, run, "runs a script downloaded with curl/wget without verifying it"));
    return verdict(evidence);
  },
};
