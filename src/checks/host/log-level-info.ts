import type { CheckRule } from "../../contracts/check-rule.js";
import type { HostSnapshot } from "./input.js";
import { boolValue, daemonRule, evidenceAll, settingValues, show } from "./daemon-setting-util.js";
import { fail, pass } from "./rule-util.js";

export const logLevelInfo: CheckRule<HostSnapshot> = daemonRule(
  {
    id: "log-level-info",
    cis: "2.3",
    level: 1,
    severity: "low",
    key: "log-level",
    title: "Ensure the logging level is set to 'info'",
    remediation: 'Remove "log-level" / -l, or set it to "info"; do not enable "debug" in production.',
  },
  (values, s) => {
    const bad = values.filter((v) => show(v.value).toLowerCase() !== "info");
    // debug: true (or -D) raises the level to debug whatever log-level says.
    const debug = settingValues(s, "debug").filter((v) => boolValue(v.value) === true);
    if (bad.length + debug.length > 0) return fail(...evidenceAll([...bad, ...debug], "want log level info"));
    return pass(values.length === 0 ? "log-level not set; dockerd's default is info" : "log-level is info");
  },
);
