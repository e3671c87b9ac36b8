import type { CheckRule } from "../../contracts/check-rule.js";
import { auditRule } from "./audit-rule-util.js";
import type { HostSnapshot } from "./input.js";

export const auditDockerSocket: CheckRule<HostSnapshot> = auditRule(
  { id: "audit-docker-socket", cis: "1.1.9", level: 2, title: "Ensure auditing is configured for the docker.socket file" },
  (s) => s.socketUnit,
  "the docker.socket unit file",
);
