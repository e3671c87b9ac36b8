import type { CheckRule } from "../../contracts/check-rule.js";
import type { RuntimeCheckInput } from "./input.js";
import { fail, pass, perContainer, RUNTIME_SECTION } from "./rule-util.js";

/** CIS 5.31: only an explicit request shares the namespace; unset means the container gets its own. */
export const hostUserns: CheckRule<RuntimeCheckInput> = {
  id: "host-userns",
  group: "runtime",
  benchmarkIds: { "1.6.0": "5.31" },
  references: [],
  title: "Ensure that the host's user namespaces are not shared",
  section: RUNTIME_SECTION,
  level: 1,
  severity: "medium",
  needs: ["inspect HostConfig.UsernsMode / compose userns_mode / pod hostUsers"],
  remediation: "Do not share the host's user namespace with the container: remove `--userns=host` (compose `userns_mode: host`, Kubernetes `hostUsers: true`).",
  evaluate(input) {
    return perContainer(input, (c) => (c.hostUserns?.value === true ? fail(c.hostUserns, "shares the host's user namespace") : pass()));
  },
};
