import type { CheckRule } from "../../contracts/check-rule.js";
import type { RuntimeCheckInput } from "./input.js";
import { fail, pass, perContainer, RUNTIME_SECTION } from "./rule-util.js";

/** CIS 5.11: 0 or unset means the container may use all of the host's memory. */
export const memoryLimit: CheckRule<RuntimeCheckInput> = {
  id: "memory-limit",
  group: "runtime",
  benchmarkIds: { "1.6.0": "5.11" },
  references: ["KSV018"],
  title: "Ensure that the memory usage for containers is limited",
  section: RUNTIME_SECTION,
  level: 1,
  severity: "medium",
  needs: ["inspect HostConfig.Memory / compose mem_limit or deploy.resources.limits.memory / container resources.limits.memory"],
  remediation: "Set a memory limit (`--memory`, compose `mem_limit`, Kubernetes `resources.limits.memory`).",
  evaluate(input) {
    return perContainer(input, (c) => {
      const m = c.memoryLimit;
      if (m === null) return fail(null, "no memory limit set");
      if (m.value <= 0) return fail(m, "memory is unlimited");
      return pass(`limit ${m.text}`);
    });
  },
};
