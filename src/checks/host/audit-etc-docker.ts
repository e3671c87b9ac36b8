import type { CheckRule } from "../../contracts/check-rule.js";
import { auditRule } from "./audit-rule-util.js";
import type { HostSnapshot } from "./input.js";

export const auditEtcDocker: CheckRule<HostSnapshot> = auditRule(
  { id: "audit-etc-docker", cis: "1.1.6", level: 1, title: "Ensure auditing is configured for /etc/docker" },
  (s) => "etc/docker",
  "/etc/docker",
);
