import type { CheckRule } from "../../contracts/check-rule.js";
import type { RuntimeCheckInput } from "./input.js";
import { fail, pass, perContainer, RUNTIME_SECTION } from "./rule-util.js";

/** CIS 5.4's remediation: start from no capabilities and add back only the needed ones. */
export const dropAllCapabilities: CheckRule<RuntimeCheckInput> = {
  id: "drop-all-capabilities",
  group: "runtime",
  benchmarkIds: { "1.6.0": "5.4" },
  references: ["KSV003"],
  title: "Ensure that containers drop all Linux kernel capabilities and add back only those needed",
  section: RUNTIME_SECTION,
  level: 1,
  severity: "low",
  needs: ["inspect HostConfig.CapDrop / compose cap_drop / container securityContext.capabilities.drop"],
  remediation: "Add `--cap-drop=ALL` (compose `cap_drop: [ALL]`, Kubernetes `capabilities.drop: [ALL]`) and add back only the capabilities the process needs.",
  evaluate(input) {
    return perContainer(input, (c) => {
      if (c.capDrop?.value.includes("ALL")) return pass();
      return fail(
        c.capDrop ?? c.capAdd ?? null,
        c.capDrop ? `drops only ${c.capDrop.value.join(", ") || "nothing"}` : "does not drop capabilities: keeps Docker's 14 defaults",
      );
    });
  },
};
