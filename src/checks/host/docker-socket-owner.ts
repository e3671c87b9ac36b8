import type { CheckRule } from "../../contracts/check-rule.js";
import { ownerRule, single } from "./file-rule-util.js";
import type { HostSnapshot } from "./input.js";

export const dockerSocketOwner: CheckRule<HostSnapshot> = ownerRule(
  {
    id: "docker-socket-owner",
    cis: "3.3",
    title: "Ensure that the docker.socket file ownership is set to root:root",
    remediation: "chown root:root on the docker.socket file.",
  },
  "the docker.socket file",
  "root",
  (s) => single(s, s.socketUnit, "the docker.socket unit file"),
);
