import type { CheckRule } from "../../contracts/check-rule.js";
import { auditRule } from "./audit-rule-util.js";
import type { HostSnapshot } from "./input.js";

export const auditRunContainerd: CheckRule<HostSnapshot> = auditRule(
  { id: "audit-run-containerd", cis: "1.1.4", level: 1, title: "Ensure auditing is configured for /run/containerd" },
  (s) => "run/containerd",
  "/run/containerd",
);
