import type { CheckRule } from "../../contracts/check-rule.js";
import { auditRule } from "./audit-rule-util.js";
import type { HostSnapshot } from "./input.js";

export const auditDockerService: CheckRule<HostSnapshot> = auditRule(
  { id: "audit-docker-service", cis: "1.1.7", level: 2, title: "Ensure auditing is configured for the docker.service file" },
  (s) => s.serviceUnit,
  "the docker.service unit file",
);
