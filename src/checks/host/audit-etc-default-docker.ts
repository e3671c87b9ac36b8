import type { CheckRule } from "../../contracts/check-rule.js";
import { auditRule } from "./audit-rule-util.js";
import type { HostSnapshot } from "./input.js";

export const auditEtcDefaultDocker: CheckRule<HostSnapshot> = auditRule(
  { id: "audit-etc-default-docker", cis: "1.1.10", level: 2, title: "Ensure auditing is configured for /etc/default/docker" },
  (s) => "etc/default/docker",
  "/etc/default/docker",
);
