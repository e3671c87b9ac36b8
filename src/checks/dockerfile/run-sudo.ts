import type { CheckRule } from "../../contracts/check-rule.js";
import type { DockerfileInput } from "./input.js";
import { BEST_PRACTICE_SECTION, evidenceOf, runsOf, verdict } from "./rule-util.js";
import { runCommands } from "./shell-util.js";

/** Trivy DS010, hadolint DL3004, dockle DKL-DI-0001: the build already runs as root or as USER. */
export const runSudo: CheckRule<DockerfileInput> = {
  id: "dockerfile-run-sudo",
  group: "dockerfile",
  benchmarkIds: {},
  references: ["DS010", "DL3004", "DKL-DI-0001"],
  title: "RUN does not use sudo",
  section: BEST_PRACTICE_SECTION,
  level: 1,
  severity: "critical",
  needs: ["Dockerfile: commands run by RUN instructions (including heredoc scripts)"],
  remediation: "Drop sudo: switch with USER around the commands that need root.",
  evaluate(input) {
    const evidence = runsOf(input)
      .filter((run) => runCommands(run).some((cmd) => cmd.program === "sudo"))
      .map((run) => evidenceOf(input, run, "runs sudo"));
    return verdict(evidence);
  },
};
