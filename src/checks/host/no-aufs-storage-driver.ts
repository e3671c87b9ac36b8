import type { CheckRule } from "../../contracts/check-rule.js";
import type { HostSnapshot } from "./input.js";
import { daemonRule, evidenceAll, show } from "./daemon-setting-util.js";
import { fail, pass } from "./rule-util.js";

export const noAufsStorageDriver: CheckRule<HostSnapshot> = daemonRule(
  {
    id: "no-aufs-storage-driver",
    cis: "2.6",
    level: 1,
    severity: "medium",
    key: "storage-driver",
    title: "Ensure aufs storage driver is not used",
    remediation: 'Set "storage-driver" to overlay2 (or remove it) and migrate images off aufs.',
  },
  (values) => {
    const bad = values.filter((v) => show(v.value).toLowerCase() === "aufs");
    if (bad.length > 0) return fail(...evidenceAll(bad, "aufs is unmaintained and removed in Docker 24"));
    // Unset: current engines choose overlay2 and no longer ship aufs, so the default cannot be aufs.
    return pass(
      values.length === 0
        ? "storage-driver not set; the engine default (overlay2) is not aufs"
        : `storage-driver is ${values.map((v) => show(v.value)).join(", ")}`,
    );
  },
);
