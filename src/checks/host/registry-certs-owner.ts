import type { CheckRule } from "../../contracts/check-rule.js";
import { ownerRule, type FileTarget } from "./file-rule-util.js";
import type { HostSnapshot } from "./input.js";

/** Every file under /etc/docker/certs.d (registry CA, client cert and key files). */
function certs(s: HostSnapshot): FileTarget {
  const files = s.filesUnder("etc/docker/certs.d");
  return files.length === 0 ? { missing: "registry certificate files under /etc/docker/certs.d" } : { files };
}

export const registryCertsOwner: CheckRule<HostSnapshot> = ownerRule(
  {
    id: "registry-certs-owner",
    cis: "3.7",
    title: "Ensure that the registry certificate files (/etc/docker/certs.d) ownership is set to root:root",
    remediation: "chown root:root on the registry certificate files (/etc/docker/certs.d).",
  },
  "the registry certificate files (/etc/docker/certs.d)",
  "root",
  (s) => certs(s),
);
