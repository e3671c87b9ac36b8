import type { CheckRule } from "../../contracts/check-rule.js";
import { ownerRule, single } from "./file-rule-util.js";
import type { HostSnapshot } from "./input.js";

export const dockerServiceOwner: CheckRule<HostSnapshot> = ownerRule(
  {
    id: "docker-service-owner",
    cis: "3.1",
    title: "Ensure that the docker.service file ownership is set to root:root",
    remediation: "chown root:root on the docker.service file.",
  },
  "the docker.service file",
  "root",
  (s) => single(s, s.serviceUnit, "the docker.service unit file"),
);
