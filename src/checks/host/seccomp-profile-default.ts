import type { CheckRule } from "../../contracts/check-rule.js";
import type { HostSnapshot } from "./input.js";
import { daemonRule, evidenceAll, show } from "./daemon-setting-util.js";
import { fail, manual, pass } from "./rule-util.js";

export const seccompProfileDefault: CheckRule<HostSnapshot> = daemonRule(
  {
    id: "seccomp-profile-default",
    cis: "2.17",
    level: 2,
    severity: "high",
    key: "seccomp-profile",
    title: "Ensure that a daemon-wide custom seccomp profile is applied if appropriate",
    remediation: 'Remove "seccomp-profile": "unconfined"; keep Docker\'s default profile or point seccomp-profile at a reviewed custom profile.',
  },
  (values) => {
    const profiles = values.map((v) => show(v.value));
    const off = values.filter((v) => show(v.value) === "unconfined");
    if (off.length > 0) return fail(...evidenceAll(off, "seccomp disabled for every container"));
    if (values.length === 0 || profiles.every((p) => p === "" || p === "builtin")) return pass("Docker's built-in default seccomp profile applies");
    return manual(`A custom daemon-wide seccomp profile is configured (${profiles.join(", ")}): review that it is at least as strict as Docker's default.`);
  },
);
