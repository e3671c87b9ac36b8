import type { CheckRule } from "../../contracts/check-rule.js";
import { ownerRule, single } from "./file-rule-util.js";
import type { HostSnapshot } from "./input.js";

export const etcDefaultDockerOwner: CheckRule<HostSnapshot> = ownerRule(
  {
    id: "etc-default-docker-owner",
    cis: "3.19",
    title: "Ensure that the /etc/default/docker file ownership is set to root:root",
    remediation: "chown root:root on the /etc/default/docker file.",
  },
  "the /etc/default/docker file",
  "root",
  (s) => single(s, "etc/default/docker", "/etc/default/docker"),
);
