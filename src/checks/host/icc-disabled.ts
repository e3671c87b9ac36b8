import type { CheckRule } from "../../contracts/check-rule.js";
import type { HostSnapshot } from "./input.js";
import { boolDecision, daemonRule } from "./daemon-setting-util.js";

export const iccDisabled: CheckRule<HostSnapshot> = daemonRule(
  {
    id: "icc-disabled",
    cis: "2.2",
    level: 1,
    severity: "medium",
    key: "icc",
    title: "Ensure network traffic is restricted between containers on the default bridge",
    remediation: 'Set "icc": false in /etc/docker/daemon.json (or run dockerd with --icc=false).',
  },
  (values, s) => boolDecision(s, values, "icc", false, true),
);
