import type { CheckRule } from "../../contracts/check-rule.js";
import { auditRule } from "./audit-rule-util.js";
import type { HostSnapshot } from "./input.js";

export const auditDockerd: CheckRule<HostSnapshot> = auditRule(
  { id: "audit-dockerd", cis: "1.1.3", level: 1, title: "Ensure auditing is configured for dockerd" },
  (s) => s.binaries.dockerd,
  "the dockerd binary",
);
