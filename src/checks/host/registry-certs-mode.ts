import type { CheckRule } from "../../contracts/check-rule.js";
import { modeRule, type FileTarget } from "./file-rule-util.js";
import type { HostSnapshot } from "./input.js";

/** Every file under /etc/docker/certs.d (registry CA, client cert and key files). */
function certs(s: HostSnapshot): FileTarget {
  const files = s.filesUnder("etc/docker/certs.d");
  return files.length === 0 ? { missing: "registry certificate files under /etc/docker/certs.d" } : { files };
}

export const registryCertsMode: CheckRule<HostSnapshot> = modeRule(
  {
    id: "registry-certs-mode",
    cis: "3.8",
    title: "Ensure that the registry certificate files (/etc/docker/certs.d) permissions are set to 444 or more restrictively",
    remediation: "chmod 444 (or more restrictive) on the registry certificate files (/etc/docker/certs.d).",
  },
  "the registry certificate files (/etc/docker/certs.d)",
  0o444,
  (s) => certs(s),
);
