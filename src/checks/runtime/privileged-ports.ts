import type { CheckRule } from "../../contracts/check-rule.js";
import type { RuntimeCheckInput } from "./input.js";
import { perContainer, RUNTIME_SECTION, verdict } from "./rule-util.js";

/** CIS 5.8: host ports below 1024 are reserved for privileged services. */
export const privilegedPorts: CheckRule<RuntimeCheckInput> = {
  id: "privileged-ports",
  group: "runtime",
  benchmarkIds: { "1.6.0": "5.8" },
  references: ["KSV024"],
  title: "Ensure privileged ports are not mapped within containers",
  section: RUNTIME_SECTION,
  level: 1,
  severity: "medium",
  needs: ["inspect HostConfig.PortBindings or NetworkSettings.Ports / compose ports / container hostPort"],
  remediation: "Map container ports to host ports of 1024 or above.",
  evaluate(input) {
    return perContainer(input, (c) =>
      verdict(
        c.ports
          .filter((p) => p.hostPort !== null && p.hostPort > 0 && p.hostPort < 1024)
          .map((p) => ({ at: p.at, detail: `host port ${p.hostPort ?? ""} is privileged (below 1024)` })),
      ),
    );
  },
};
