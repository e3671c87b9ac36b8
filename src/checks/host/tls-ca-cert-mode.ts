import type { CheckRule } from "../../contracts/check-rule.js";
import { modeRule, tlsTarget } from "./file-rule-util.js";
import type { HostSnapshot } from "./input.js";

export const tlsCaCertMode: CheckRule<HostSnapshot> = modeRule(
  {
    id: "tls-ca-cert-mode",
    cis: "3.10",
    title: "Ensure that the TLS CA certificate file permissions are set to 444 or more restrictively",
    remediation: "chmod 444 (or more restrictive) on the TLS CA certificate file.",
  },
  "the TLS CA certificate file",
  0o444,
  (s) => tlsTarget(s, "tlscacert"),
);
