import type { CheckRule } from "../../contracts/check-rule.js";
import { ownerRule, tlsTarget } from "./file-rule-util.js";
import type { HostSnapshot } from "./input.js";

export const tlsServerCertOwner: CheckRule<HostSnapshot> = ownerRule(
  {
    id: "tls-server-cert-owner",
    cis: "3.11",
    title: "Ensure that the Docker server certificate file ownership is set to root:root",
    remediation: "chown root:root on the Docker server certificate file.",
  },
  "the Docker server certificate file",
  "root",
  (s) => tlsTarget(s, "tlscert"),
);
