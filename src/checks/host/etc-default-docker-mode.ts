import type { CheckRule } from "../../contracts/check-rule.js";
import { modeRule, single } from "./file-rule-util.js";
import type { HostSnapshot } from "./input.js";

export const etcDefaultDockerMode: CheckRule<HostSnapshot> = modeRule(
  {
    id: "etc-default-docker-mode",
    cis: "3.20",
    title: "Ensure that the /etc/default/docker file permissions are set to 644 or more restrictively",
    remediation: "chmod 644 (or more restrictive) on the /etc/default/docker file.",
  },
  "the /etc/default/docker file",
  0o644,
  (s) => single(s, "etc/default/docker", "/etc/default/docker"),
);
