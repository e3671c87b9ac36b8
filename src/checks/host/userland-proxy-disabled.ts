import type { CheckRule } from "../../contracts/check-rule.js";
import type { HostSnapshot } from "./input.js";
import { boolDecision, daemonRule } from "./daemon-setting-util.js";

export const userlandProxyDisabled: CheckRule<HostSnapshot> = daemonRule(
  {
    id: "userland-proxy-disabled",
    cis: "2.16",
    level: 1,
    severity: "low",
    key: "userland-proxy",
    title: "Ensure Userland Proxy is Disabled",
    remediation: 'Set "userland-proxy": false in daemon.json (or --userland-proxy=false).',
  },
  (values, s) => boolDecision(s, values, "userland-proxy", false, true),
);
