import type { CheckRule } from "../../contracts/check-rule.js";
import type { RuntimeCheckInput } from "./input.js";
import { noContainers, RUNTIME_SECTION } from "./rule-util.js";

/** CIS 5.19 is manual: overriding a ulimit can be right; a person decides whether each one is needed. */
export const defaultUlimits: CheckRule<RuntimeCheckInput> = {
  id: "default-ulimits",
  group: "runtime",
  benchmarkIds: { "1.6.0": "5.19" },
  references: [],
  title: "Ensure that the default ulimit is overwritten at runtime if needed",
  section: RUNTIME_SECTION,
  level: 1,
  severity: "low",
  needs: ["inspect HostConfig.Ulimits / compose ulimits", "a person who knows the workload"],
  remediation: "Override the daemon's default ulimits per container only where needed (`--ulimit nofile=1024:1024`).",
  evaluate(input) {
    if (input.containers.length === 0) return noContainers(input);
    const overrides = input.containers.flatMap((c) => (c.ulimits && c.ulimits.value.length > 0 ? [`${c.name}: ${c.ulimits.value.join(", ")}`] : []));
    return {
      status: "manual",
      instructions:
        overrides.length > 0
          ? `Confirm each ulimit override is needed: ${overrides.join("; ")}.`
          : "No container overrides ulimits: confirm the daemon's default ulimits (daemon.json default-ulimits) suit every container.",
    };
  },
};
