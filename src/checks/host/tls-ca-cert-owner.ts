import type { CheckRule } from "../../contracts/check-rule.js";
import { ownerRule, tlsTarget } from "./file-rule-util.js";
import type { HostSnapshot } from "./input.js";

export const tlsCaCertOwner: CheckRule<HostSnapshot> = ownerRule(
  {
    id: "tls-ca-cert-owner",
    cis: "3.9",
    title: "Ensure that the TLS CA certificate file ownership is set to root:root",
    remediation: "chown root:root on the TLS CA certificate file.",
  },
  "the TLS CA certificate file",
  "root",
  (s) => tlsTarget(s, "tlscacert"),
);
