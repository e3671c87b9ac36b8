import type { CheckRule } from "../../contracts/check-rule.js";
import { ownerRule, single } from "./file-rule-util.js";
import type { HostSnapshot } from "./input.js";

export const dockerSockOwner: CheckRule<HostSnapshot> = ownerRule(
  {
    id: "docker-sock-owner",
    cis: "3.15",
    title: "Ensure that the Docker socket file ownership is set to root:docker",
    remediation: "chown root:docker on the Docker socket file.",
  },
  "the Docker socket file",
  "docker",
  (s) => single(s, "var/run/docker.sock", "/var/run/docker.sock"),
);
