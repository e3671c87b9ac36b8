import type { CheckRule } from "../../contracts/check-rule.js";
import type { DockerfileInput } from "./input.js";
import { BEST_PRACTICE_SECTION, duplicatesPerStage, verdict } from "./rule-util.js";

/** Trivy DS023, hadolint DL3012: per stage, only the last HEALTHCHECK takes effect, so earlier ones mislead. */
export const multipleHealthcheck: CheckRule<DockerfileInput> = {
  id: "dockerfile-multiple-healthcheck",
  group: "dockerfile",
  benchmarkIds: {},
  references: ["DS023", "DL3012"],
  title: "At most one HEALTHCHECK per stage",
  section: BEST_PRACTICE_SECTION,
  level: 1,
  severity: "medium",
  needs: ["Dockerfile: HEALTHCHECK instructions per stage"],
  remediation: "Keep a single HEALTHCHECK in each stage.",
  evaluate(input) {
    return verdict(duplicatesPerStage(input, "HEALTHCHECK"));
  },
};
