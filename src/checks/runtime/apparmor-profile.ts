import type { CheckRule } from "../../contracts/check-rule.js";
import type { RuntimeCheckInput } from "./input.js";
import { fail, pass, perContainer, RUNTIME_SECTION } from "./rule-util.js";

/** CIS 5.2. docker-bench warns on "" and unconfined; an unstated profile in a spec gets Docker's docker-default. */
export const apparmorProfile: CheckRule<RuntimeCheckInput> = {
  id: "apparmor-profile",
  group: "runtime",
  benchmarkIds: { "1.6.0": "5.2" },
  references: ["KSV002"],
  title: "Ensure that, if applicable, an AppArmor Profile is enabled",
  section: RUNTIME_SECTION,
  level: 1,
  severity: "medium",
  needs: ["inspect AppArmorProfile / compose security_opt apparmor / pod appArmorProfile or annotation"],
  remediation: "Run the container with an AppArmor profile (`--security-opt apparmor=docker-default` or a custom one); never `unconfined`.",
  evaluate(input) {
    return perContainer(input, (c) => {
      const p = c.apparmor;
      if (p === null)
        return pass(c.format === "docker-inspect" ? "no AppArmorProfile field" : "not set: the runtime's default profile applies on AppArmor hosts");
      if (p.value === "") return fail(p, "no AppArmor profile applied");
      if (/^unconfined$/i.test(p.value)) return fail(p, "AppArmor profile is unconfined");
      return pass(`profile ${p.value}`);
    });
  },
};
