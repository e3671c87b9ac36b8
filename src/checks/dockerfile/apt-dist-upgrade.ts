import type { CheckRule } from "../../contracts/check-rule.js";
import type { DockerfileInput } from "./input.js";
import { BEST_PRACTICE_SECTION, evidenceOf, runsOf, verdict } from "./rule-util.js";
import { runCommands, isCall } from "./shell-util.js";

/** Trivy DS024, dockle DKL-DI-0003: dist-upgrade may pull in a different release into the image. */
export const aptDistUpgrade: CheckRule<DockerfileInput> = {
  id: "dockerfile-apt-dist-upgrade",
  group: "dockerfile",
  benchmarkIds: {},
  references: ["DS024", "DKL-DI-0003"],
  title: "No apt-get dist-upgrade",
  section: BEST_PRACTICE_SECTION,
  level: 1,
  severity: "high",
  needs: ["Dockerfile: commands run by RUN instructions (including heredoc scripts)"],
  remediation: "Use a newer base image instead of upgrading the distribution in the build.",
  evaluate(input) {
    const evidence = runsOf(input)
      .filter((run) => runCommands(run).some((cmd) => isCall(cmd, ["apt-get", "apt"], ["dist-upgrade", "full-upgrade"])))
      .map((run) => evidenceOf(input, run, "upgrades the distribution"));
    return verdict(evidence);
  },
};
