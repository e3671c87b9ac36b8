import type { CheckRule } from "../../contracts/check-rule.js";
import type { DockerfileInput } from "./input.js";
import { isIndexUpdate, isInstall } from "./package-util.js";
import { CIS_SECTION, evidenceOf, runsOf, verdict } from "./rule-util.js";
import { runCommands } from "./shell-util.js";

/**
 * Trivy DS017, dockle CIS-DI-0007: an index update in its own layer is cached and goes stale,
 * so later installs use an old index.
 */
export const updateAlone: CheckRule<DockerfileInput> = {
  id: "dockerfile-update-alone",
  group: "dockerfile",
  benchmarkIds: { "1.6.0": "4.7" },
  references: ["DS017", "CIS-DI-0007"],
  title: "Package index update is not alone in its RUN",
  section: CIS_SECTION,
  level: 1,
  severity: "high",
  needs: ["Dockerfile: commands run by RUN instructions (including heredoc scripts)"],
  remediation: "Run the update and the install in one RUN: `RUN apt-get update && apt-get install -y …`.",
  evaluate(input) {
    const evidence = runsOf(input)
      .filter((run) => {
        const cmds = runCommands(run);
        return cmds.some((cmd, i) => isIndexUpdate(cmd) && !cmds.slice(i + 1).some(isInstall));
      })
      .map((run) => evidenceOf(input, run, "updates the package index without installing in the same RUN"));
    return verdict(evidence);
  },
};
