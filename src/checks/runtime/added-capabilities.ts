import type { CheckRule } from "../../contracts/check-rule.js";
import type { RuntimeCheckInput } from "./input.js";
import { fail, pass, perContainer, RUNTIME_SECTION } from "./rule-util.js";

/** Docker's default bounding set: adding one of these back after `drop ALL` is fine (docker-bench #207). */
export const DOCKER_DEFAULT_CAPS: ReadonlySet<string> = new Set([
  "AUDIT_WRITE",
  "CHOWN",
  "DAC_OVERRIDE",
  "FOWNER",
  "FSETID",
  "KILL",
  "MKNOD",
  "NET_BIND_SERVICE",
  "NET_RAW",
  "SETFCAP",
  "SETGID",
  "SETPCAP",
  "SETUID",
  "SYS_CHROOT",
]);

/** CIS 5.4 plus docker-bench's community checks C.5.3.1-4 (SYS_ADMIN, SYS_MODULE, SYS_PTRACE, DAC_READ_SEARCH). */
export const addedCapabilities: CheckRule<RuntimeCheckInput> = {
  id: "added-capabilities",
  group: "runtime",
  benchmarkIds: { "1.6.0": "5.4" },
  references: ["KSV022", "KSV005"],
  title: "Ensure that Linux kernel capabilities are restricted within containers (no capabilities added beyond Docker's defaults)",
  section: RUNTIME_SECTION,
  level: 1,
  severity: "high",
  needs: ["inspect HostConfig.CapAdd / compose cap_add / container securityContext.capabilities.add"],
  remediation: "Remove capabilities such as SYS_ADMIN, SYS_PTRACE, SYS_MODULE, NET_ADMIN or ALL from cap_add; grant only what the process needs.",
  evaluate(input) {
    return perContainer(input, (c) => {
      const extra = (c.capAdd?.value ?? []).filter((cap) => !DOCKER_DEFAULT_CAPS.has(cap));
      if (c.capAdd && extra.length > 0) return fail(c.capAdd, `adds capabilities beyond Docker's defaults: ${extra.join(", ")}`);
      return pass();
    });
  },
};
