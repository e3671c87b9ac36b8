import type { CheckRule } from "../../contracts/check-rule.js";
import type { RuntimeCheckInput } from "./input.js";
import { fail, pass, perContainer, RUNTIME_SECTION } from "./rule-util.js";

/** CIS 5.16: only an explicit request shares the namespace; unset means the container gets its own. */
export const hostPid: CheckRule<RuntimeCheckInput> = {
  id: "host-pid",
  group: "runtime",
  benchmarkIds: { "1.6.0": "5.16" },
  references: ["KSV010"],
  title: "Ensure that the host's process namespace is not shared",
  section: RUNTIME_SECTION,
  level: 1,
  severity: "high",
  needs: ["inspect HostConfig.PidMode / compose pid / pod hostPID"],
  remediation: "Do not share the host's process namespace with the container: remove `--pid=host` (compose `pid: host`, Kubernetes `hostPID: true`).",
  evaluate(input) {
    return perContainer(input, (c) => (c.hostPid?.value === true ? fail(c.hostPid, "shares the host's process namespace") : pass()));
  },
};
