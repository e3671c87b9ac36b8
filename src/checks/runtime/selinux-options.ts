import type { CheckRule } from "../../contracts/check-rule.js";
import type { RuntimeCheckInput } from "./input.js";
import { fail, pass, perContainer, RUNTIME_SECTION } from "./rule-util.js";

/**
 * CIS 5.3. docker-bench passes any security option at all; here only SELinux label options count,
 * and `label=disable` / `type:spc_t` (unconfined) fail.
 */
export const selinuxOptions: CheckRule<RuntimeCheckInput> = {
  id: "selinux-options",
  group: "runtime",
  benchmarkIds: { "1.6.0": "5.3" },
  references: [],
  title: "Ensure that, if applicable, SELinux security options are set",
  section: RUNTIME_SECTION,
  level: 2,
  severity: "medium",
  needs: ["inspect HostConfig.SecurityOpt label / compose security_opt label / pod seLinuxOptions"],
  remediation:
    "On SELinux hosts run the daemon with --selinux-enabled and give containers labels (`--security-opt label=type:container_t`); never `label=disable`.",
  evaluate(input) {
    return perContainer(input, (c) => {
      const s = c.selinux;
      if (s === null) return fail(c.securityOpt ?? null, "no SELinux label options (confined only if the daemon runs with --selinux-enabled)");
      const bad = s.value.find((o) => /^disable$/i.test(o) || /spc_t$/.test(o));
      if (bad !== undefined) return fail(s, `SELinux separation turned off (${bad})`);
      return pass(`labels ${s.value.join(",")}`);
    });
  },
};
