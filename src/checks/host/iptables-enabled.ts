import type { CheckRule } from "../../contracts/check-rule.js";
import type { HostSnapshot } from "./input.js";
import { boolDecision, daemonRule } from "./daemon-setting-util.js";

export const iptablesEnabled: CheckRule<HostSnapshot> = daemonRule(
  {
    id: "iptables-enabled",
    cis: "2.4",
    level: 1,
    severity: "medium",
    key: "iptables",
    title: "Ensure Docker is allowed to make changes to iptables",
    remediation: 'Remove "iptables": false from daemon.json and --iptables=false from the dockerd arguments.',
  },
  (values, s) => boolDecision(s, values, "iptables", true, true),
);
