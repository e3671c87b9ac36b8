import type { CheckRule } from "../../contracts/check-rule.js";
import { auditRule } from "./audit-rule-util.js";
import type { HostSnapshot } from "./input.js";

export const auditContainerdShim: CheckRule<HostSnapshot> = auditRule(
  { id: "audit-containerd-shim", cis: "1.1.15", level: 2, title: "Ensure auditing is configured for /usr/bin/containerd-shim" },
  (s) => s.binaries["containerd-shim"],
  "the containerd-shim binary",
);
