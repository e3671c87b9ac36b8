import type { CheckRule } from "../../contracts/check-rule.js";
import type { ImageCheckInput } from "./input.js";
import { CIS_SECTION, CONFIG_MISSING } from "./section-util.js";

function testOf(healthcheck: unknown): readonly unknown[] | null {
  if (typeof healthcheck !== "object" || healthcheck === null) return null;
  const test = (healthcheck as Record<string, unknown>)["Test"];
  return Array.isArray(test) ? test : null;
}

/** CIS 4.6: a HEALTHCHECK in the config; `HEALTHCHECK NONE` (Test `["NONE"]`) switches it off, so counts as absent. */
export const healthcheck: CheckRule<ImageCheckInput> = {
  id: "healthcheck",
  group: "image",
  benchmarkIds: { "1.6.0": "4.6" },
  references: ["CIS-DI-0006", "DS026", "DL3057"],
  title: "Ensure that HEALTHCHECK instructions have been added to container images",
  section: CIS_SECTION,
  level: 1,
  severity: "low",
  needs: ["image config: Healthcheck"],
  remediation: "Add a `HEALTHCHECK CMD …` instruction that probes the service (e.g. `HEALTHCHECK CMD curl -f http://localhost/ || exit 1`).",
  evaluate(input) {
    if (input.config === null) return { status: "skip", missing: CONFIG_MISSING };
    const hc = input.config.config.Healthcheck;
    const test = testOf(hc);
    if (hc === undefined || hc === null)
      return { status: "fail", evidence: [{ file: "config", key: "config.Healthcheck", detail: "no HEALTHCHECK is defined" }] };
    if (test === null || test.length === 0)
      return { status: "fail", evidence: [{ file: "config", key: "config.Healthcheck", value: JSON.stringify(hc), detail: "HEALTHCHECK has no test" }] };
    if (test[0] === "NONE")
      return {
        status: "fail",
        evidence: [{ file: "config", key: "config.Healthcheck.Test", value: JSON.stringify(test), detail: "HEALTHCHECK NONE disables the health check" }],
      };
    return { status: "pass", detail: `HEALTHCHECK ${JSON.stringify(test)}` };
  },
};
