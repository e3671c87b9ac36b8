import type { CheckRule } from "../../contracts/check-rule.js";
import type { DockerfileInput } from "./input.js";
import { BEST_PRACTICE_SECTION, duplicatesPerStage, verdict } from "./rule-util.js";

/** Trivy DS016, hadolint DL4003: per stage, only the last CMD takes effect, so earlier ones mislead. */
export const multipleCmd: CheckRule<DockerfileInput> = {
  id: "dockerfile-multiple-cmd",
  group: "dockerfile",
  benchmarkIds: {},
  references: ["DS016", "DL4003"],
  title: "At most one CMD per stage",
  section: BEST_PRACTICE_SECTION,
  level: 1,
  severity: "high",
  needs: ["Dockerfile: CMD instructions per stage"],
  remediation: "Keep a single CMD in each stage.",
  evaluate(input) {
    return verdict(duplicatesPerStage(input, "CMD"));
  },
};
