import type { CheckRule } from "../../contracts/check-rule.js";
import { ownerRule, single } from "./file-rule-util.js";
import type { HostSnapshot } from "./input.js";

export const etcSysconfigDockerOwner: CheckRule<HostSnapshot> = ownerRule(
  {
    id: "etc-sysconfig-docker-owner",
    cis: "3.22",
    title: "Ensure that the /etc/sysconfig/docker file ownership is set to root:root",
    remediation: "chown root:root on the /etc/sysconfig/docker file.",
  },
  "the /etc/sysconfig/docker file",
  "root",
  (s) => single(s, "etc/sysconfig/docker", "/etc/sysconfig/docker"),
);
