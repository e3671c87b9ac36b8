import type { CheckRule } from "../../contracts/check-rule.js";
import type { DockerfileInput } from "./input.js";
import { CIS_SECTION, evidenceOf, finalStage, inherited, NO_STAGE } from "./rule-util.js";

/** Trivy DS026; hadolint DL3057 (off by default there). */
export const healthcheck: CheckRule<DockerfileInput> = {
  id: "dockerfile-healthcheck",
  group: "dockerfile",
  benchmarkIds: { "1.6.0": "4.6" },
  references: ["DS026", "DL3057", "CIS-DI-0006"],
  title: "Final stage defines a HEALTHCHECK",
  section: CIS_SECTION,
  level: 1,
  severity: "low",
  needs: ["Dockerfile: HEALTHCHECK instructions of the final stage (and the stages it is built FROM)"],
  remediation: "Add `HEALTHCHECK CMD <command that fails when the service is unhealthy>` to the final stage.",
  evaluate(input) {
    const stage = finalStage(input);
    if (stage === undefined) return NO_STAGE;
    const checks = inherited(input, stage, "HEALTHCHECK");
    const last = checks[checks.length - 1];
    if (last === undefined) {
      return {
        status: "fail",
        evidence: [evidenceOf(input, stage.from, "no HEALTHCHECK in the final stage (one inherited from the base image is not visible here)")],
      };
    }
    if (last.args[0] === "NONE") return { status: "fail", evidence: [evidenceOf(input, last, "HEALTHCHECK NONE disables the health check")] };
    return { status: "pass", detail: `HEALTHCHECK at line ${last.startLine}` };
  },
};
