import type { CheckRule } from "../../contracts/check-rule.js";
import type { DockerfileInput } from "./input.js";
import { BEST_PRACTICE_SECTION, duplicatesPerStage, verdict } from "./rule-util.js";

/** Trivy DS007, hadolint DL4004: per stage, only the last ENTRYPOINT takes effect, so earlier ones mislead. */
export const multipleEntrypoint: CheckRule<DockerfileInput> = {
  id: "dockerfile-multiple-entrypoint",
  group: "dockerfile",
  benchmarkIds: {},
  references: ["DS007", "DL4004"],
  title: "At most one ENTRYPOINT per stage",
  section: BEST_PRACTICE_SECTION,
  level: 1,
  severity: "critical",
  needs: ["Dockerfile: ENTRYPOINT instructions per stage"],
  remediation: "Keep a single ENTRYPOINT in each stage.",
  evaluate(input) {
    return verdict(duplicatesPerStage(input, "ENTRYPOINT"));
  },
};
