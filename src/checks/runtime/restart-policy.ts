import type { CheckRule } from "../../contracts/check-rule.js";
import type { RuntimeCheckInput } from "./input.js";
import { fail, notApplicable, pass, perContainer, RUNTIME_SECTION } from "./rule-util.js";

/**
 * CIS 5.15. Stricter than docker-bench, which passes `always` (its MaximumRetryCount is 0): an
 * unbounded restart loop is what the recommendation is about, so only `no` and `on-failure` with
 * 1..5 retries pass.
 */
export const restartPolicy: CheckRule<RuntimeCheckInput> = {
  id: "restart-policy",
  group: "runtime",
  benchmarkIds: { "1.6.0": "5.15" },
  references: [],
  title: "Ensure that the 'on-failure' container restart policy is set to '5'",
  section: RUNTIME_SECTION,
  level: 1,
  severity: "low",
  needs: ["inspect HostConfig.RestartPolicy / compose restart or deploy.restart_policy"],
  remediation: "Use `--restart on-failure:5` (compose `restart: on-failure:5`, swarm `restart_policy: {condition: on-failure, max_attempts: 5}`).",
  evaluate(input) {
    return perContainer(input, (c) => {
      if (c.format === "kubernetes") return notApplicable("a Docker restart policy (the kubelet restarts pods with back-off)");
      const r = c.restart;
      if (r === null || r.value.name === "no" || r.value.name === "") return pass("restart policy no (Docker's default)");
      if (r.value.name === "on-failure") {
        const max = r.value.maxRetries;
        if (max !== null && max > 0 && max <= 5) return pass(`on-failure, at most ${max} retries`);
        return fail(r, max === null || max <= 0 ? "on-failure without a retry limit" : `on-failure with ${max} retries (more than 5)`);
      }
      return fail(r, `restart policy ${r.value.name} restarts without limit`);
    });
  },
};
