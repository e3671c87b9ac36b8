import type { CheckRule } from "../../contracts/check-rule.js";
import type { RuntimeCheckInput } from "./input.js";
import { fail, notApplicable, pass, perContainer, RUNTIME_SECTION } from "./rule-util.js";

/** CIS 5.25: a custom cgroup parent escapes the daemon's resource accounting; as docker-bench, any non-empty value fails. */
export const cgroupParent: CheckRule<RuntimeCheckInput> = {
  id: "cgroup-parent",
  group: "runtime",
  benchmarkIds: { "1.6.0": "5.25" },
  references: [],
  title: "Ensure that cgroup usage is confirmed",
  section: RUNTIME_SECTION,
  level: 1,
  severity: "medium",
  needs: ["inspect HostConfig.CgroupParent / compose cgroup_parent"],
  remediation: "Do not set `--cgroup-parent` unless needed; leave containers under the daemon's default cgroup.",
  evaluate(input) {
    return perContainer(input, (c) => {
      if (c.format === "kubernetes") return notApplicable("a cgroup parent (the kubelet places pods in its own cgroups)");
      return c.cgroupParent !== null && c.cgroupParent.value !== "" ? fail(c.cgroupParent, `custom cgroup parent ${c.cgroupParent.value}`) : pass();
    });
  },
};
