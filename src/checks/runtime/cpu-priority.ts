import type { CheckRule } from "../../contracts/check-rule.js";
import type { RuntimeCheckInput } from "./input.js";
import { fail, pass, perContainer, RUNTIME_SECTION } from "./rule-util.js";

/** CIS 5.12: 0 and Docker's default weight 1024 both mean "no priority set"; a CPU limit also counts. */
export const cpuPriority: CheckRule<RuntimeCheckInput> = {
  id: "cpu-priority",
  group: "runtime",
  benchmarkIds: { "1.6.0": "5.12" },
  references: ["KSV011"],
  title: "Ensure that CPU priority is set appropriately on containers",
  section: RUNTIME_SECTION,
  level: 1,
  severity: "medium",
  needs: ["inspect HostConfig.CpuShares/NanoCpus/CpuQuota / compose cpu_shares, cpus, deploy.resources.limits.cpus / container resources cpu"],
  remediation: "Set CPU shares or a CPU limit (`--cpu-shares`, `--cpus`; compose `cpu_shares`/`cpus`; Kubernetes `resources.requests.cpu`/`limits.cpu`).",
  evaluate(input) {
    return perContainer(input, (c) => {
      const shares = c.cpuShares;
      if (shares !== null && shares.value > 0 && shares.value !== 1024) return pass(`cpu shares ${shares.text}`);
      if (c.cpuLimit !== null && c.cpuLimit.value > 0) return pass(`cpu limit ${c.cpuLimit.text}`);
      return fail(shares ?? c.cpuLimit, "no CPU shares or CPU limit set");
    });
  },
};
