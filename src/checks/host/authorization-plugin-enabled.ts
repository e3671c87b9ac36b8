import type { CheckRule } from "../../contracts/check-rule.js";
import type { HostSnapshot } from "./input.js";
import { daemonRule, listItems, unsetEvidence } from "./daemon-setting-util.js";
import { fail, pass } from "./rule-util.js";

export const authorizationPluginEnabled: CheckRule<HostSnapshot> = daemonRule(
  {
    id: "authorization-plugin-enabled",
    cis: "2.12",
    level: 2,
    severity: "medium",
    key: "authorization-plugins",
    title: "Ensure that authorization for Docker client commands is enabled",
    remediation: 'Install an authorization plugin and list it in "authorization-plugins" (or --authorization-plugin).',
  },
  (values, s) => {
    const plugins = listItems(values)
      .map((x) => x.item)
      .filter((p) => p !== "");
    return plugins.length > 0
      ? pass(`authorization plugins: ${plugins.join(", ")}`)
      : fail(unsetEvidence(s, "authorization-plugins", "no authorization plugin configured"));
  },
);
