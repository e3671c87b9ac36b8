import type { CheckRule } from "../../contracts/check-rule.js";
import { ownerRule, tlsTarget } from "./file-rule-util.js";
import type { HostSnapshot } from "./input.js";

export const tlsServerKeyOwner: CheckRule<HostSnapshot> = ownerRule(
  {
    id: "tls-server-key-owner",
    cis: "3.13",
    title: "Ensure that the Docker server certificate key file ownership is set to root:root",
    remediation: "chown root:root on the Docker server certificate key file.",
  },
  "the Docker server certificate key file",
  "root",
  (s) => tlsTarget(s, "tlskey"),
);
