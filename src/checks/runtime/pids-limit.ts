import type { CheckRule } from "../../contracts/check-rule.js";
import type { RuntimeCheckInput } from "./input.js";
import { fail, notApplicable, pass, perContainer, RUNTIME_SECTION } from "./rule-util.js";

/** CIS 5.29: 0, -1 and unset all mean unlimited (fork bombs reach the host). */
export const pidsLimit: CheckRule<RuntimeCheckInput> = {
  id: "pids-limit",
  group: "runtime",
  benchmarkIds: { "1.6.0": "5.29" },
  references: [],
  title: "Ensure that the PIDs cgroup limit is used",
  section: RUNTIME_SECTION,
  level: 1,
  severity: "medium",
  needs: ["inspect HostConfig.PidsLimit / compose pids_limit or deploy.resources.limits.pids"],
  remediation: "Set `--pids-limit` (compose `pids_limit`); on Kubernetes set the kubelet's podPidsLimit.",
  evaluate(input) {
    return perContainer(input, (c) => {
      if (c.format === "kubernetes") return notApplicable("a PIDs limit (set by the kubelet's podPidsLimit, not in the manifest)");
      const p = c.pidsLimit;
      if (p === null) return fail(null, "no PIDs limit set");
      if (p.value <= 0) return fail(p, "PIDs limit is unlimited");
      return pass(`limit ${p.value}`);
    });
  },
};
