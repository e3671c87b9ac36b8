import type { CheckRule } from "../../contracts/check-rule.js";
import { auditRule } from "./audit-rule-util.js";
import type { HostSnapshot } from "./input.js";

export const auditDaemonJson: CheckRule<HostSnapshot> = auditRule(
  { id: "audit-daemon-json", cis: "1.1.11", level: 2, title: "Ensure auditing is configured for /etc/docker/daemon.json" },
  (s) => s.daemonConfig.path,
  "/etc/docker/daemon.json",
);
