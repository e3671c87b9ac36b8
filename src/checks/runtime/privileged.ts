import type { CheckRule } from "../../contracts/check-rule.js";
import type { RuntimeCheckInput } from "./input.js";
import { fail, pass, perContainer, RUNTIME_SECTION } from "./rule-util.js";

export const privileged: CheckRule<RuntimeCheckInput> = {
  id: "privileged",
  group: "runtime",
  benchmarkIds: { "1.6.0": "5.5" },
  references: ["KSV017"],
  title: "Ensure that privileged containers are not used",
  section: RUNTIME_SECTION,
  level: 1,
  severity: "critical",
  needs: ["inspect HostConfig.Privileged / compose privileged / container securityContext.privileged"],
  remediation: "Do not run containers with --privileged; grant the specific capabilities or devices needed instead.",
  evaluate(input) {
    return perContainer(input, (c) => (c.privileged?.value === true ? fail(c.privileged, "runs privileged") : pass()));
  },
};
