import type { CheckRule } from "../../contracts/check-rule.js";
import { auditRule } from "./audit-rule-util.js";
import type { HostSnapshot } from "./input.js";

export const auditContainerdShimRuncV2: CheckRule<HostSnapshot> = auditRule(
  { id: "audit-containerd-shim-runc-v2", cis: "1.1.17", level: 2, title: "Ensure auditing is configured for /usr/bin/containerd-shim-runc-v2" },
  (s) => s.binaries["containerd-shim-runc-v2"],
  "the containerd-shim-runc-v2 binary",
);
