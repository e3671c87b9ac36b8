import type { CheckRule } from "../../contracts/check-rule.js";
import type { HostSnapshot } from "./input.js";
import { daemonRule, evidenceAll } from "./daemon-setting-util.js";
import { fail, pass } from "./rule-util.js";

/** docker-bench warns ("confirm") whenever a parent is set; so does this rule, with the value. */
export const cgroupParentDefault: CheckRule<HostSnapshot> = daemonRule(
  {
    id: "cgroup-parent-default",
    cis: "2.10",
    level: 2,
    severity: "low",
    key: "cgroup-parent",
    title: "Ensure the default cgroup usage has been confirmed",
    remediation: 'Remove "cgroup-parent" / --cgroup-parent unless a non-default parent cgroup is intended and documented.',
  },
  (values) =>
    values.length === 0
      ? pass("cgroup-parent not set; the default parent cgroup is used")
      : fail(...evidenceAll(values, "non-default cgroup parent: confirm it is intended")),
);
