import type { CheckRule } from "../../contracts/check-rule.js";
import { auditRule } from "./audit-rule-util.js";
import type { HostSnapshot } from "./input.js";

export const auditDockerDataRoot: CheckRule<HostSnapshot> = auditRule(
  { id: "audit-docker-data-root", cis: "1.1.5", level: 1, title: "Ensure auditing is configured for /var/lib/docker" },
  (s) => s.dataRoot,
  "the Docker data root (/var/lib/docker or data-root)",
);
