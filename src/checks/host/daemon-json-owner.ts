import type { CheckRule } from "../../contracts/check-rule.js";
import { ownerRule, single } from "./file-rule-util.js";
import type { HostSnapshot } from "./input.js";

export const daemonJsonOwner: CheckRule<HostSnapshot> = ownerRule(
  {
    id: "daemon-json-owner",
    cis: "3.17",
    title: "Ensure that the daemon.json file ownership is set to root:root",
    remediation: "chown root:root on the daemon.json file.",
  },
  "the daemon.json file",
  "root",
  (s) => single(s, s.daemonConfig.path, "/etc/docker/daemon.json"),
);
