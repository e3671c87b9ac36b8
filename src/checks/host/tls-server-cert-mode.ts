import type { CheckRule } from "../../contracts/check-rule.js";
import { modeRule, tlsTarget } from "./file-rule-util.js";
import type { HostSnapshot } from "./input.js";

export const tlsServerCertMode: CheckRule<HostSnapshot> = modeRule(
  {
    id: "tls-server-cert-mode",
    cis: "3.12",
    title: "Ensure that the Docker server certificate file permissions are set to 444 or more restrictively",
    remediation: "chmod 444 (or more restrictive) on the Docker server certificate file.",
  },
  "the Docker server certificate file",
  0o444,
  (s) => tlsTarget(s, "tlscert"),
);
