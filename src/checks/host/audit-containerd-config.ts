import type { CheckRule } from "../../contracts/check-rule.js";
import { auditRule } from "./audit-rule-util.js";
import type { HostSnapshot } from "./input.js";

export const auditContainerdConfig: CheckRule<HostSnapshot> = auditRule(
  { id: "audit-containerd-config", cis: "1.1.12", level: 2, title: "Ensure auditing is configured for /etc/containerd/config.toml" },
  (s) => "etc/containerd/config.toml",
  "/etc/containerd/config.toml",
);
