import type { CheckRule } from "../../contracts/check-rule.js";
import type { RuntimeCheckInput } from "./input.js";
import { fail, pass, perContainer, RUNTIME_SECTION } from "./rule-util.js";

/**
 * CIS 5.27. Inspect's Config.Healthcheck already merges the image's HEALTHCHECK. A compose file
 * cannot show the image's, so a service without one fails unless the image check says otherwise.
 */
export const healthcheckAtRuntime: CheckRule<RuntimeCheckInput> = {
  id: "healthcheck-at-runtime",
  group: "runtime",
  benchmarkIds: { "1.6.0": "5.27" },
  references: [],
  title: "Ensure that container health is checked at runtime",
  section: RUNTIME_SECTION,
  level: 1,
  severity: "low",
  needs: ["inspect Config.Healthcheck or State.Health / compose healthcheck / container liveness, readiness or startup probe"],
  remediation: "Define a health check (`--health-cmd`, compose `healthcheck`, Kubernetes probes) or a HEALTHCHECK in the image.",
  evaluate(input) {
    return perContainer(input, (c) => {
      const h = c.healthcheck;
      if (h === null) {
        return fail(
          null,
          c.format === "compose" ? "no healthcheck in the compose service (the image's HEALTHCHECK, if any, is not visible here)" : "no health check",
        );
      }
      if (h.value.disabled) return fail(h, "health check disabled");
      return pass(h.value.test);
    });
  },
};
