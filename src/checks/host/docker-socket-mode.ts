import type { CheckRule } from "../../contracts/check-rule.js";
import { modeRule, single } from "./file-rule-util.js";
import type { HostSnapshot } from "./input.js";

export const dockerSocketMode: CheckRule<HostSnapshot> = modeRule(
  {
    id: "docker-socket-mode",
    cis: "3.4",
    title: "Ensure that the docker.socket file permissions are set to 644 or more restrictively",
    remediation: "chmod 644 (or more restrictive) on the docker.socket file.",
  },
  "the docker.socket file",
  0o644,
  (s) => single(s, s.socketUnit, "the docker.socket unit file"),
);
