import type { CheckRule } from "../../contracts/check-rule.js";
import { auditRule } from "./audit-rule-util.js";
import type { HostSnapshot } from "./input.js";

export const auditContainerdShimRuncV1: CheckRule<HostSnapshot> = auditRule(
  { id: "audit-containerd-shim-runc-v1", cis: "1.1.16", level: 2, title: "Ensure auditing is configured for /usr/bin/containerd-shim-runc-v1" },
  (s) => s.binaries["containerd-shim-runc-v1"],
  "the containerd-shim-runc-v1 binary",
);
