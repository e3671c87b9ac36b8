import type { CheckRule } from "../../contracts/check-rule.js";
import type { DockerfileInput } from "./input.js";
import { BEST_PRACTICE_SECTION, evidenceOf, runsOf, verdict } from "./rule-util.js";
import { isCall, runCommands, type SimpleCommand } from "./shell-util.js";

/** `-y`, `--yes`, `--assume-yes`, `-qq`/`-q=2`/two `-q`, or `y` among combined short flags (`-fmy`). */
export function assumesYes(cmd: SimpleCommand): boolean {
  const flags = cmd.words.slice(1);
  let quiet = 0;
  for (const f of flags) {
    if (f === "--yes" || f === "--assume-yes" || f === "-q=2" || f === "--quiet=2") return true;
    if (/^-[a-zA-Z]+$/.test(f)) {
      if (f.includes("y")) return true;
      quiet += f.split("q").length - 1;
    } else if (f === "--quiet") quiet++;
  }
  return quiet >= 2;
}

/** Trivy DS021, hadolint DL3014: without it the build waits for an answer and fails. */
export const aptGetYes: CheckRule<DockerfileInput> = {
  id: "dockerfile-apt-get-yes",
  group: "dockerfile",
  benchmarkIds: {},
  references: ["DS021", "DL3014"],
  title: "apt-get install runs non-interactively (-y)",
  section: BEST_PRACTICE_SECTION,
  level: 1,
  severity: "high",
  needs: ["Dockerfile: commands run by RUN instructions (including heredoc scripts)"],
  remediation: "Add -y (or --yes) to apt-get install.",
  evaluate(input) {
    const evidence = runsOf(input)
      .filter((run) => runCommands(run).some((cmd) => isCall(cmd, ["apt-get"], ["install"]) && !assumesYes(cmd)))
      .map((run) => evidenceOf(input, run, "apt-get install without -y"));
    return verdict(evidence);
  },
};
