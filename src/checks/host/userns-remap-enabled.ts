import type { CheckRule } from "../../contracts/check-rule.js";
import type { HostSnapshot } from "./input.js";
import { consulted, daemonRule, evidenceAll, unsetEvidence } from "./daemon-setting-util.js";
import { abs, fail, pass } from "./rule-util.js";

export const usernsRemapEnabled: CheckRule<HostSnapshot> = daemonRule(
  {
    id: "userns-remap-enabled",
    cis: "2.9",
    level: 2,
    severity: "medium",
    key: "userns-remap",
    title: "Enable user namespace support",
    remediation: 'Set "userns-remap": "default" (or a user) in daemon.json and provide /etc/subuid and /etc/subgid ranges.',
  },
  (values, s) => {
    if (values.length === 0) return fail(unsetEvidence(s, "userns-remap", "not set: container root is host root"));
    const empty = values.filter((v) => typeof v.value !== "string" || v.value.trim() === "");
    if (empty.length > 0) return fail(...evidenceAll(empty, "empty userns-remap disables remapping"));
    return pass(`userns-remap set in ${values.map((v) => abs(v.file)).join(", ")} (${consulted(s)})`);
  },
);
