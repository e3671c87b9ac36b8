import type { CheckRule } from "../../contracts/check-rule.js";
import type { HostSnapshot } from "./input.js";
import { abs, fail, hostRule, pass, SECTION_HOST, skip } from "./rule-util.js";

export const separatePartition: CheckRule<HostSnapshot> = hostRule(
  {
    id: "separate-partition",
    cis: "1.1.1",
    level: 1,
    severity: "low",
    section: SECTION_HOST,
    title: "Ensure a separate partition for containers has been created",
    needs: ["proc/mounts or etc/fstab", "etc/docker/daemon.json data-root"],
    remediation: "Mount the Docker data root (/var/lib/docker or data-root) on its own partition or logical volume.",
  },
  (s) => {
    if (s.daemonConfig.status === "invalid") return skip(`a valid ${abs(s.daemonConfig.path)} (for data-root)`);
    if (s.mounts === null) return skip("a mount table: proc/mounts or etc/fstab");
    // mountpoint(1) follows a symlinked data root; so does this.
    const root = s.stat(s.dataRoot)?.path ?? s.dataRoot;
    const hit = s.mounts.points.find((p) => p === root || p === s.dataRoot);
    if (hit !== undefined) return pass(`${abs(hit)} is a mount point in ${abs(s.mounts.source)}`);
    return fail({ file: abs(s.mounts.source), key: "mount point", value: abs(s.dataRoot), detail: `the data root ${abs(s.dataRoot)} is not a mount point` });
  },
);
