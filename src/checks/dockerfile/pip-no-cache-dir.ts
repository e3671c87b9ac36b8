import type { CheckRule } from "../../contracts/check-rule.js";
import type { DockerfileInput, Instruction } from "./input.js";
import { BEST_PRACTICE_SECTION, evidenceOf, runsOf, stageLineage, verdict } from "./rule-util.js";
import { runCommands, subcommand, type SimpleCommand } from "./shell-util.js";

const ENV_NAME = "PIP_NO_CACHE_DIR";

/** `pip install`, `pip3.12 install`, `python3 -m pip install`. */
export function isPipInstall(cmd: SimpleCommand): boolean {
  if (/^pip[0-9.]*$/.test(cmd.program)) return subcommand(cmd) === "install";
  if (!/^python[0-9.]*$/.test(cmd.program)) return false;
  const m = cmd.words.indexOf("-m");
  if (m === -1 || cmd.words[m + 1] !== "pip") return false;
  return subcommand({ ...cmd, words: cmd.words.slice(m + 1) }) === "install";
}

/**
 * pip treats any valid boolean in PIP_NO_CACHE_DIR, even `false`, as "no cache" (pip >= 19), so
 * being set to something non-empty is what counts.
 */
function setsEnv(words: readonly string[]): boolean {
  return words.some((w) => w.startsWith(`${ENV_NAME}=`) && w.length > ENV_NAME.length + 1);
}

/** ENV or ARG (with a value) before `run`, in its stage or the stages it is built FROM. */
function envBefore(input: DockerfileInput, run: Instruction): boolean {
  const stage = input.stages[run.stage];
  if (stage === undefined) return false;
  return stageLineage(input, stage)
    .flatMap((s) => s.instructions)
    .filter((i) => (i.keyword === "ENV" || i.keyword === "ARG") && (i.stage !== run.stage || i.startLine < run.startLine))
    .some((i) => i.keyValues.some((kv) => kv.key === ENV_NAME && (kv.value ?? "") !== ""));
}

/** A cache mount on pip's cache directory keeps the wheels out of the layer. */
function pipCacheMounted(run: Instruction): boolean {
  return run.flags.some(
    (f) =>
      f.name === "mount" &&
      f.value !== null &&
      f.value.includes("type=cache") &&
      /(?:^|,)(?:target|dst|destination)=[^,]*\/\.cache(?:\/pip)?\/?(?:,|$)/.test(f.value),
  );
}

/** True when a pip install in the RUN keeps its cache (no flag, no env, no export before it). */
function cachesWheels(commands: readonly SimpleCommand[]): boolean {
  let exported = false;
  for (const cmd of commands) {
    if (cmd.program === "export" && setsEnv(cmd.words.slice(1))) exported = true;
    if (isPipInstall(cmd) && !exported && !setsEnv(cmd.assignments) && !cmd.words.includes("--no-cache-dir")) return true;
  }
  return false;
}

/** hadolint DL3042: pip's wheel cache (often hundreds of MB) ends up in the image. */
export const pipNoCacheDir: CheckRule<DockerfileInput> = {
  id: "dockerfile-pip-no-cache-dir",
  group: "dockerfile",
  benchmarkIds: {},
  references: ["DL3042"],
  title: "pip install uses --no-cache-dir",
  section: BEST_PRACTICE_SECTION,
  level: 1,
  severity: "low",
  needs: ["Dockerfile: commands run by RUN instructions (including heredoc scripts and sh -c bodies), ENV/ARG PIP_NO_CACHE_DIR, RUN --mount flags"],
  remediation: "Use `pip install --no-cache-dir …`, or set `ENV PIP_NO_CACHE_DIR=1` in the stage.",
  evaluate(input) {
    const evidence = runsOf(input)
      .filter((run) => !pipCacheMounted(run) && !envBefore(input, run) && cachesWheels(runCommands(run)))
      .map((run) => evidenceOf(input, run, "pip install without --no-cache-dir keeps downloaded packages in the layer"));
    return verdict(evidence);
  },
};
