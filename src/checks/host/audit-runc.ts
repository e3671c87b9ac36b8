import type { CheckRule } from "../../contracts/check-rule.js";
import { auditRule } from "./audit-rule-util.js";
import type { HostSnapshot } from "./input.js";

export const auditRunc: CheckRule<HostSnapshot> = auditRule(
  { id: "audit-runc", cis: "1.1.18", level: 2, title: "Ensure auditing is configured for /usr/bin/runc" },
  (s) => s.binaries["runc"],
  "the runc binary",
);
