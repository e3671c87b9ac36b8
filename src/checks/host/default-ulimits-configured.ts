import type { CheckRule } from "../../contracts/check-rule.js";
import type { HostSnapshot } from "./input.js";
import { daemonRule, listItems } from "./daemon-setting-util.js";
import { manual, pass } from "./rule-util.js";

/** A manual recommendation in CIS: set is a pass, unset needs a person to confirm per-container ulimits. */
export const defaultUlimitsConfigured: CheckRule<HostSnapshot> = daemonRule(
  {
    id: "default-ulimits-configured",
    cis: "2.8",
    level: 1,
    severity: "low",
    key: "default-ulimits",
    title: "Ensure the default ulimit is configured appropriately",
    remediation: 'Set "default-ulimits" (e.g. nofile, nproc) in daemon.json or --default-ulimit.',
  },
  (values) => {
    const items = listItems(values).filter((x) => !["", "{}", "[]", "null"].includes(x.item));
    if (items.length > 0) return pass(`default ulimits set (${values.map((v) => v.key).join(", ")})`);
    return manual("No daemon-wide default ulimit is set: confirm that containers that need limits set them with --ulimit, or set default-ulimits.");
  },
);
