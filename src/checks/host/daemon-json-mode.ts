import type { CheckRule } from "../../contracts/check-rule.js";
import { modeRule, single } from "./file-rule-util.js";
import type { HostSnapshot } from "./input.js";

export const daemonJsonMode: CheckRule<HostSnapshot> = modeRule(
  {
    id: "daemon-json-mode",
    cis: "3.18",
    title: "Ensure that the daemon.json file permissions are set to 644 or more restrictively",
    remediation: "chmod 644 (or more restrictive) on the daemon.json file.",
  },
  "the daemon.json file",
  0o644,
  (s) => single(s, s.daemonConfig.path, "/etc/docker/daemon.json"),
);
