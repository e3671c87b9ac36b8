import type { CheckRule } from "../../contracts/check-rule.js";
import { ownerRule, single } from "./file-rule-util.js";
import type { HostSnapshot } from "./input.js";

export const etcDockerOwner: CheckRule<HostSnapshot> = ownerRule(
  {
    id: "etc-docker-owner",
    cis: "3.5",
    title: "Ensure that the /etc/docker directory ownership is set to root:root",
    remediation: "chown root:root on the /etc/docker directory.",
  },
  "the /etc/docker directory",
  "root",
  (s) => single(s, "etc/docker", "/etc/docker"),
);
