import type { CheckRule } from "../../contracts/check-rule.js";
import type { DockerfileInput } from "./input.js";
import { BEST_PRACTICE_SECTION, evidenceOf, runsOf, verdict } from "./rule-util.js";
import { runCommands } from "./shell-util.js";

/** Trivy DS013, hadolint DL3003: a `cd` in RUN does not carry over; WORKDIR states the directory. */
export const runCd: CheckRule<DockerfileInput> = {
  id: "dockerfile-run-cd",
  group: "dockerfile",
  benchmarkIds: {},
  references: ["DS013", "DL3003"],
  title: "WORKDIR instead of RUN cd",
  section: BEST_PRACTICE_SECTION,
  level: 1,
  severity: "medium",
  needs: ["Dockerfile: commands run by RUN instructions (including heredoc scripts)"],
  remediation: "Use WORKDIR to change directory.",
  evaluate(input) {
    const evidence = runsOf(input)
      .filter((run) => runCommands(run).some((cmd) => cmd.program === "cd"))
      .map((run) => evidenceOf(input, run, "changes directory with cd"));
    return verdict(evidence);
  },
};
