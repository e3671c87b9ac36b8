import type { CheckRule } from "../../contracts/check-rule.js";
import type { HostSnapshot } from "./input.js";
import { boolDecision, daemonRule } from "./daemon-setting-util.js";

export const liveRestoreEnabled: CheckRule<HostSnapshot> = daemonRule(
  {
    id: "live-restore-enabled",
    cis: "2.15",
    level: 1,
    severity: "low",
    key: "live-restore",
    title: "Ensure live restore is enabled",
    remediation: 'Set "live-restore": true in daemon.json (or --live-restore). It is incompatible with swarm mode; a swarm manager may document the exception.',
  },
  (values, s) => boolDecision(s, values, "live-restore", true, false),
);
