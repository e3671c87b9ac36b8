import type { CheckRule } from "../../contracts/check-rule.js";
import { modeRule, single } from "./file-rule-util.js";
import type { HostSnapshot } from "./input.js";

export const etcSysconfigDockerMode: CheckRule<HostSnapshot> = modeRule(
  {
    id: "etc-sysconfig-docker-mode",
    cis: "3.21",
    title: "Ensure that the /etc/sysconfig/docker file permissions are set to 644 or more restrictively",
    remediation: "chmod 644 (or more restrictive) on the /etc/sysconfig/docker file.",
  },
  "the /etc/sysconfig/docker file",
  0o644,
  (s) => single(s, "etc/sysconfig/docker", "/etc/sysconfig/docker"),
);
