import type { CheckRule } from "../../contracts/check-rule.js";
import type { RuntimeCheckInput } from "./input.js";
import { fail, pass, perContainer, RUNTIME_SECTION } from "./rule-util.js";

/** CIS 5.21: only an explicit request shares the namespace; unset means the container gets its own. */
export const hostUts: CheckRule<RuntimeCheckInput> = {
  id: "host-uts",
  group: "runtime",
  benchmarkIds: { "1.6.0": "5.21" },
  references: [],
  title: "Ensure that the host's UTS namespace is not shared",
  section: RUNTIME_SECTION,
  level: 1,
  severity: "medium",
  needs: ["inspect HostConfig.UTSMode / compose uts / pod hostNetwork (Kubernetes shares UTS with the host network)"],
  remediation: "Do not share the host's UTS namespace with the container: remove `--uts=host` (compose `uts: host`, Kubernetes `hostNetwork: true`).",
  evaluate(input) {
    return perContainer(input, (c) => (c.hostUts?.value === true ? fail(c.hostUts, "shares the host's UTS namespace") : pass()));
  },
};
