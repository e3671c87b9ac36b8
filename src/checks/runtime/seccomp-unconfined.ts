import type { CheckRule } from "../../contracts/check-rule.js";
import type { RuntimeCheckInput } from "./input.js";
import { fail, pass, perContainer, RUNTIME_SECTION } from "./rule-util.js";

/**
 * CIS 5.22. Docker applies its default profile when none is named; Kubernetes runs Unconfined
 * unless the pod asks for RuntimeDefault (or the kubelet runs with --seccomp-default), so an
 * unset profile fails there.
 */
export const seccompUnconfined: CheckRule<RuntimeCheckInput> = {
  id: "seccomp-unconfined",
  group: "runtime",
  benchmarkIds: { "1.6.0": "5.22" },
  references: [],
  title: "Ensure that the default seccomp profile is not disabled",
  section: RUNTIME_SECTION,
  level: 1,
  severity: "high",
  needs: ["inspect HostConfig.SecurityOpt seccomp / compose security_opt seccomp / pod or container seccompProfile"],
  remediation: "Remove `seccomp=unconfined`; Kubernetes: set `securityContext.seccompProfile.type: RuntimeDefault`.",
  evaluate(input) {
    return perContainer(input, (c) => {
      const s = c.seccomp;
      if (s !== null && /^unconfined$/i.test(s.value)) return fail(s, "seccomp profile disabled (unconfined)");
      if (s === null && c.format === "kubernetes")
        return fail(null, "no seccompProfile: Kubernetes runs containers Unconfined unless the kubelet enables --seccomp-default");
      return pass(s === null ? "Docker's default seccomp profile" : `profile ${s.value}`);
    });
  },
};
