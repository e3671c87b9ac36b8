import type { CheckRule } from "../../contracts/check-rule.js";
import type { RuntimeCheckInput } from "./input.js";
import { fail, pass, perContainer, RUNTIME_SECTION } from "./rule-util.js";

/** CIS 5.10: only an explicit request shares the namespace; unset means the container gets its own. */
export const hostNetwork: CheckRule<RuntimeCheckInput> = {
  id: "host-network",
  group: "runtime",
  benchmarkIds: { "1.6.0": "5.10" },
  references: ["KSV009"],
  title: "Ensure that the host's network namespace is not shared",
  section: RUNTIME_SECTION,
  level: 1,
  severity: "high",
  needs: ["inspect HostConfig.NetworkMode / compose network_mode / pod hostNetwork"],
  remediation:
    "Do not share the host's network namespace with the container: remove `--network=host` (compose `network_mode: host`, Kubernetes `hostNetwork: true`).",
  evaluate(input) {
    return perContainer(input, (c) => (c.hostNetwork?.value === true ? fail(c.hostNetwork, "shares the host's network namespace") : pass()));
  },
};
