import type { CheckRule } from "../../contracts/check-rule.js";
import type { RuntimeCheckInput } from "./input.js";
import { fail, pass, perContainer, RUNTIME_SECTION } from "./rule-util.js";

/**
 * CIS 5.18 (manual in the benchmark because some devices are legitimately needed). Exposed devices
 * are a fact the file shows, so they fail with the list; suppress a needed one in the ignore file with its reason.
 */
export const hostDevices: CheckRule<RuntimeCheckInput> = {
  id: "host-devices",
  group: "runtime",
  benchmarkIds: { "1.6.0": "5.18" },
  references: [],
  title: "Ensure that host devices are not directly exposed to containers",
  section: RUNTIME_SECTION,
  level: 1,
  severity: "medium",
  needs: ["inspect HostConfig.Devices / compose devices / pod volumeDevices or hostPath under /dev"],
  remediation: "Do not pass host devices (`--device`) unless the workload needs them; then restrict permissions (`:r`) and record why in the ignore file.",
  evaluate(input) {
    return perContainer(input, (c) =>
      c.devices !== null && c.devices.value.length > 0 ? fail(c.devices, `host devices exposed: ${c.devices.value.join(", ")}`) : pass(),
    );
  },
};
