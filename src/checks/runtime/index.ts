import type { CheckRule } from "../../contracts/check-rule.js";
import type { RuntimeCheckInput } from "./input.js";
import { addedCapabilities } from "./added-capabilities.js";
import { apparmorProfile } from "./apparmor-profile.js";
import { bindHostInterface } from "./bind-host-interface.js";
import { cgroupParent } from "./cgroup-parent.js";
import { cpuPriority } from "./cpu-priority.js";
import { defaultUlimits } from "./default-ulimits.js";
import { dockerSocketMount } from "./docker-socket-mount.js";
import { dropAllCapabilities } from "./drop-all-capabilities.js";
import { execPrivileged } from "./exec-privileged.js";
import { execUserRoot } from "./exec-user-root.js";
import { healthcheckAtRuntime } from "./healthcheck-at-runtime.js";
import { hostDevices } from "./host-devices.js";
import { hostIpc } from "./host-ipc.js";
import { hostNetwork } from "./host-network.js";
import { hostPid } from "./host-pid.js";
import { hostUserns } from "./host-userns.js";
import { hostUts } from "./host-uts.js";
import { memoryLimit } from "./memory-limit.js";
import { mountPropagation } from "./mount-propagation.js";
import { neededPortsOnly } from "./needed-ports-only.js";
import { noNewPrivileges } from "./no-new-privileges.js";
import { pidsLimit } from "./pids-limit.js";
import { privileged } from "./privileged.js";
import { privilegedPorts } from "./privileged-ports.js";
import { readOnlyRootfs } from "./read-only-rootfs.js";
import { restartPolicy } from "./restart-policy.js";
import { seccompUnconfined } from "./seccomp-unconfined.js";
import { selinuxOptions } from "./selinux-options.js";
import { sensitiveHostMounts } from "./sensitive-host-mounts.js";
import { sshd } from "./sshd.js";

export { parseRuntime } from "./input.js";
export type { ContainerSpec, RuntimeCheckInput, RuntimeFormat } from "./input.js";

/** The runtime group (CIS §5), in benchmark order. */
export const runtimeRules = {
  "apparmor-profile": apparmorProfile,
  "selinux-options": selinuxOptions,
  "added-capabilities": addedCapabilities,
  "drop-all-capabilities": dropAllCapabilities,
  privileged: privileged,
  "sensitive-host-mounts": sensitiveHostMounts,
  sshd: sshd,
  "privileged-ports": privilegedPorts,
  "needed-ports-only": neededPortsOnly,
  "host-network": hostNetwork,
  "memory-limit": memoryLimit,
  "cpu-priority": cpuPriority,
  "read-only-rootfs": readOnlyRootfs,
  "bind-host-interface": bindHostInterface,
  "restart-policy": restartPolicy,
  "host-pid": hostPid,
  "host-ipc": hostIpc,
  "host-devices": hostDevices,
  "default-ulimits": defaultUlimits,
  "mount-propagation": mountPropagation,
  "host-uts": hostUts,
  "seccomp-unconfined": seccompUnconfined,
  "exec-privileged": execPrivileged,
  "exec-user-root": execUserRoot,
  "cgroup-parent": cgroupParent,
  "no-new-privileges": noNewPrivileges,
  "healthcheck-at-runtime": healthcheckAtRuntime,
  "pids-limit": pidsLimit,
  "host-userns": hostUserns,
  "docker-socket-mount": dockerSocketMount,
} as const satisfies Record<string, CheckRule<RuntimeCheckInput>>;
