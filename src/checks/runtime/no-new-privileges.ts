import type { CheckRule } from "../../contracts/check-rule.js";
import type { RuntimeCheckInput } from "./input.js";
import { fail, pass, perContainer, RUNTIME_SECTION } from "./rule-util.js";

/**
 * CIS 5.26. A daemon-wide `no-new-privileges: true` in daemon.json also satisfies this, but that file
 * is another input (claro check host); per container, unset means privileges may be gained.
 */
export const noNewPrivileges: CheckRule<RuntimeCheckInput> = {
  id: "no-new-privileges",
  group: "runtime",
  benchmarkIds: { "1.6.0": "5.26" },
  references: ["KSV001"],
  title: "Ensure that the container is restricted from acquiring additional privileges",
  section: RUNTIME_SECTION,
  level: 1,
  severity: "high",
  needs: ["inspect HostConfig.SecurityOpt no-new-privileges / compose security_opt / container securityContext.allowPrivilegeEscalation"],
  remediation: "Run with `--security-opt no-new-privileges:true` (Kubernetes: `allowPrivilegeEscalation: false`), or set it daemon-wide in daemon.json.",
  evaluate(input) {
    return perContainer(input, (c) => {
      const n = c.noNewPrivileges;
      if (n?.value === true) {
        if (c.privileged?.value === true && c.format === "kubernetes") return fail(c.privileged, "privileged containers can always escalate privileges");
        return pass();
      }
      if (n) return fail(n, c.format === "kubernetes" ? "allowPrivilegeEscalation is true" : "no-new-privileges is false");
      return fail(
        c.securityOpt,
        c.format === "kubernetes"
          ? "allowPrivilegeEscalation not set (Kubernetes default: true)"
          : "no-new-privileges not set (passes only if daemon.json sets no-new-privileges: true)",
      );
    });
  },
};
