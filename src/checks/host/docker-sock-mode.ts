import type { CheckRule } from "../../contracts/check-rule.js";
import { modeRule, single } from "./file-rule-util.js";
import type { HostSnapshot } from "./input.js";

export const dockerSockMode: CheckRule<HostSnapshot> = modeRule(
  {
    id: "docker-sock-mode",
    cis: "3.16",
    title: "Ensure that the Docker socket file permissions are set to 660 or more restrictively",
    remediation: "chmod 660 (or more restrictive) on the Docker socket file.",
  },
  "the Docker socket file",
  0o660,
  (s) => single(s, "var/run/docker.sock", "/var/run/docker.sock"),
);
