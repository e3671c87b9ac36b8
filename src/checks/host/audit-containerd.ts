import type { CheckRule } from "../../contracts/check-rule.js";
import { auditRule } from "./audit-rule-util.js";
import type { HostSnapshot } from "./input.js";

export const auditContainerd: CheckRule<HostSnapshot> = auditRule(
  { id: "audit-containerd", cis: "1.1.14", level: 2, title: "Ensure auditing is configured for /usr/bin/containerd" },
  (s) => s.binaries["containerd"],
  "the containerd binary",
);
