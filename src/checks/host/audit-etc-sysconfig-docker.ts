import type { CheckRule } from "../../contracts/check-rule.js";
import { auditRule } from "./audit-rule-util.js";
import type { HostSnapshot } from "./input.js";

export const auditEtcSysconfigDocker: CheckRule<HostSnapshot> = auditRule(
  { id: "audit-etc-sysconfig-docker", cis: "1.1.13", level: 2, title: "Ensure auditing is configured for /etc/sysconfig/docker" },
  (s) => "etc/sysconfig/docker",
  "/etc/sysconfig/docker",
);
