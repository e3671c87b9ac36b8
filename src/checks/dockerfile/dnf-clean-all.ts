import type { CheckRule } from "../../contracts/check-rule.js";
import type { DockerfileInput } from "./input.js";
import { installsWithoutCleanup, removesDir } from "./package-util.js";
import { BEST_PRACTICE_SECTION, evidenceOf, runsOf, verdict } from "./rule-util.js";
import { isCall, runCommands } from "./shell-util.js";

/** Trivy DS019, hadolint DL3040: the dnf cache stays in the layer unless cleaned in the same RUN. */
export const dnfCleanAll: CheckRule<DockerfileInput> = {
  id: "dockerfile-dnf-clean-all",
  group: "dockerfile",
  benchmarkIds: {},
  references: ["DS019", "DL3040"],
  title: "dnf install is followed by dnf clean all",
  section: BEST_PRACTICE_SECTION,
  level: 1,
  severity: "high",
  needs: ["Dockerfile: commands run by RUN instructions (including heredoc scripts)"],
  remediation: "Add `&& dnf clean all` to the RUN that installs.",
  evaluate(input) {
    const evidence = runsOf(input)
      .filter(
        (run) =>
          installsWithoutCleanup(
            runCommands(run),
            (cmd) => isCall(cmd, ["dnf"], ["install", "groupinstall", "localinstall"]),
            (cmd) => (isCall(cmd, ["dnf"], ["clean"]) && cmd.words.includes("all")) || removesDir(cmd, ["/var/cache/dnf"]),
          ).length > 0,
      )
      .map((run) => evidenceOf(input, run, "installs packages without cleaning the cache in the same RUN"));
    return verdict(evidence);
  },
};
