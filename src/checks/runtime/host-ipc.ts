import type { CheckRule } from "../../contracts/check-rule.js";
import type { RuntimeCheckInput } from "./input.js";
import { fail, pass, perContainer, RUNTIME_SECTION } from "./rule-util.js";

/** CIS 5.17: only an explicit request shares the namespace; unset means the container gets its own. */
export const hostIpc: CheckRule<RuntimeCheckInput> = {
  id: "host-ipc",
  group: "runtime",
  benchmarkIds: { "1.6.0": "5.17" },
  references: ["KSV008"],
  title: "Ensure that the host's IPC namespace is not shared",
  section: RUNTIME_SECTION,
  level: 1,
  severity: "high",
  needs: ["inspect HostConfig.IpcMode / compose ipc / pod hostIPC"],
  remediation: "Do not share the host's IPC namespace with the container: remove `--ipc=host` (compose `ipc: host`, Kubernetes `hostIPC: true`).",
  evaluate(input) {
    return perContainer(input, (c) => (c.hostIpc?.value === true ? fail(c.hostIpc, "shares the host's IPC namespace") : pass()));
  },
};
