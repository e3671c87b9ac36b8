import type { CheckRule } from "../../contracts/check-rule.js";
import { modeRule, tlsTarget } from "./file-rule-util.js";
import type { HostSnapshot } from "./input.js";

export const tlsServerKeyMode: CheckRule<HostSnapshot> = modeRule(
  {
    id: "tls-server-key-mode",
    cis: "3.14",
    title: "Ensure that the Docker server certificate key file permissions are set to 400 or more restrictively",
    remediation: "chmod 400 (or more restrictive) on the Docker server certificate key file.",
  },
  "the Docker server certificate key file",
  0o400,
  (s) => tlsTarget(s, "tlskey"),
);
