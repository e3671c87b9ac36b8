import type { CheckRule } from "../../contracts/check-rule.js";
import type { DockerfileInput } from "./input.js";
import { installsWithoutCleanup, removesDir } from "./package-util.js";
import { BEST_PRACTICE_SECTION, evidenceOf, runsOf, verdict } from "./rule-util.js";
import { isCall, runCommands } from "./shell-util.js";

/** Trivy DS015, hadolint DL3032: the yum cache stays in the layer unless cleaned in the same RUN. */
export const yumCleanAll: CheckRule<DockerfileInput> = {
  id: "dockerfile-yum-clean-all",
  group: "dockerfile",
  benchmarkIds: {},
  references: ["DS015", "DL3032"],
  title: "yum install is followed by yum clean all",
  section: BEST_PRACTICE_SECTION,
  level: 1,
  severity: "high",
  needs: ["Dockerfile: commands run by RUN instructions (including heredoc scripts)"],
  remediation: "Add `&& yum clean all` to the RUN that installs.",
  evaluate(input) {
    const evidence = runsOf(input)
      .filter(
        (run) =>
          installsWithoutCleanup(
            runCommands(run),
            (cmd) => isCall(cmd, ["yum"], ["install", "groupinstall", "localinstall"]),
            (cmd) => (isCall(cmd, ["yum"], ["clean"]) && cmd.words.includes("all")) || removesDir(cmd, ["/var/cache/yum"]),
          ).length > 0,
      )
      .map((run) => evidenceOf(input, run, "installs packages without cleaning the cache in the same RUN"));
    return verdict(evidence);
  },
};
