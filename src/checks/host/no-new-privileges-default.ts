import type { CheckRule } from "../../contracts/check-rule.js";
import type { HostSnapshot } from "./input.js";
import { boolDecision, daemonRule } from "./daemon-setting-util.js";

export const noNewPrivilegesDefault: CheckRule<HostSnapshot> = daemonRule(
  {
    id: "no-new-privileges-default",
    cis: "2.14",
    level: 2,
    severity: "medium",
    key: "no-new-privileges",
    title: "Ensure containers are restricted from acquiring new privileges",
    remediation: 'Set "no-new-privileges": true in daemon.json (or --no-new-privileges).',
  },
  (values, s) => boolDecision(s, values, "no-new-privileges", true, false),
);
