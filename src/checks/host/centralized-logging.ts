import type { CheckRule } from "../../contracts/check-rule.js";
import type { HostSnapshot } from "./input.js";
import { daemonRule, evidenceAll, show, unsetEvidence } from "./daemon-setting-util.js";
import { fail, pass } from "./rule-util.js";

/** Drivers that keep logs only on the host (or nowhere). */
const LOCAL = new Set(["json-file", "local", "none"]);

export const centralizedLogging: CheckRule<HostSnapshot> = daemonRule(
  {
    id: "centralized-logging",
    cis: "2.13",
    level: 2,
    severity: "low",
    key: "log-driver",
    title: "Ensure centralized and remote logging is configured",
    remediation: 'Set "log-driver" to a remote driver (syslog, journald with forwarding, fluentd, gelf, awslogs, splunk, …) with its "log-opts".',
  },
  (values, s) => {
    if (values.length === 0) return fail(unsetEvidence(s, "log-driver", "not set; the default json-file driver keeps logs on the host only"));
    const bad = values.filter((v) => LOCAL.has(show(v.value)));
    return bad.length > 0 ? fail(...evidenceAll(bad, "local-only log driver")) : pass(`log-driver is ${values.map((v) => show(v.value)).join(", ")}`);
  },
);
