import type { CheckRule } from "../../contracts/check-rule.js";
import { auditRule } from "./audit-rule-util.js";
import type { HostSnapshot } from "./input.js";

export const auditContainerdSock: CheckRule<HostSnapshot> = auditRule(
  { id: "audit-containerd-sock", cis: "1.1.8", level: 2, title: "Ensure auditing is configured for containerd.sock" },
  (s) => "run/containerd/containerd.sock",
  "/run/containerd/containerd.sock",
);
