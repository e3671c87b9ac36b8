import type { CheckRule } from "../../contracts/check-rule.js";
import type { HostSnapshot } from "./input.js";
import { boolDecision, daemonRule } from "./daemon-setting-util.js";

export const experimentalDisabled: CheckRule<HostSnapshot> = daemonRule(
  {
    id: "experimental-disabled",
    cis: "2.18",
    level: 1,
    severity: "medium",
    key: "experimental",
    title: "Ensure that experimental features are not implemented in production",
    remediation: 'Remove "experimental": true from daemon.json and --experimental from the dockerd arguments.',
  },
  (values, s) => boolDecision(s, values, "experimental", false, false),
);
