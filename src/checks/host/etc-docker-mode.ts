import type { CheckRule } from "../../contracts/check-rule.js";
import { modeRule, single } from "./file-rule-util.js";
import type { HostSnapshot } from "./input.js";

export const etcDockerMode: CheckRule<HostSnapshot> = modeRule(
  {
    id: "etc-docker-mode",
    cis: "3.6",
    title: "Ensure that the /etc/docker directory permissions are set to 755 or more restrictively",
    remediation: "chmod 755 (or more restrictive) on the /etc/docker directory.",
  },
  "the /etc/docker directory",
  0o755,
  (s) => single(s, "etc/docker", "/etc/docker"),
);
