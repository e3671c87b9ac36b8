import type { CheckRule } from "../../contracts/check-rule.js";
import type { DockerfileInput } from "./input.js";
import { installsWithoutCleanup, removesDir } from "./package-util.js";
import { BEST_PRACTICE_SECTION, evidenceOf, runsOf, verdict } from "./rule-util.js";
import { isCall, runCommands } from "./shell-util.js";

/** Trivy DS020, hadolint DL3036: the zypper cache stays in the layer unless cleaned in the same RUN. */
export const zypperClean: CheckRule<DockerfileInput> = {
  id: "dockerfile-zypper-clean",
  group: "dockerfile",
  benchmarkIds: {},
  references: ["DS020", "DL3036"],
  title: "zypper install is followed by zypper clean",
  section: BEST_PRACTICE_SECTION,
  level: 1,
  severity: "high",
  needs: ["Dockerfile: commands run by RUN instructions (including heredoc scripts)"],
  remediation: "Add `&& zypper clean` to the RUN that installs.",
  evaluate(input) {
    const evidence = runsOf(input)
      .filter(
        (run) =>
          installsWithoutCleanup(
            runCommands(run),
            (cmd) => isCall(cmd, ["zypper"], ["install", "in"]),
            (cmd) => isCall(cmd, ["zypper"], ["clean", "cc"]) || removesDir(cmd, ["/var/cache/zypp"]),
          ).length > 0,
      )
      .map((run) => evidenceOf(input, run, "installs packages without cleaning the cache in the same RUN"));
    return verdict(evidence);
  },
};
