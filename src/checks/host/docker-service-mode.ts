import type { CheckRule } from "../../contracts/check-rule.js";
import { modeRule, single } from "./file-rule-util.js";
import type { HostSnapshot } from "./input.js";

export const dockerServiceMode: CheckRule<HostSnapshot> = modeRule(
  {
    id: "docker-service-mode",
    cis: "3.2",
    title: "Ensure that the docker.service file permissions are set to 644 or more restrictively",
    remediation: "chmod 644 (or more restrictive) on the docker.service file.",
  },
  "the docker.service file",
  0o644,
  (s) => single(s, s.serviceUnit, "the docker.service unit file"),
);
