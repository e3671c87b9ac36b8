import type { CheckRule } from "../../contracts/check-rule.js";
import type { HostSnapshot } from "./input.js";
import { auditContainerd } from "./audit-containerd.js";
import { auditContainerdConfig } from "./audit-containerd-config.js";
import { auditContainerdShim } from "./audit-containerd-shim.js";
import { auditContainerdShimRuncV1 } from "./audit-containerd-shim-runc-v1.js";
import { auditContainerdShimRuncV2 } from "./audit-containerd-shim-runc-v2.js";
import { auditContainerdSock } from "./audit-containerd-sock.js";
import { auditDaemonJson } from "./audit-daemon-json.js";
import { auditDockerDataRoot } from "./audit-docker-data-root.js";
import { auditDockerService } from "./audit-docker-service.js";
import { auditDockerSocket } from "./audit-docker-socket.js";
import { auditDockerd } from "./audit-dockerd.js";
import { auditEtcDefaultDocker } from "./audit-etc-default-docker.js";
import { auditEtcDocker } from "./audit-etc-docker.js";
import { auditEtcSysconfigDocker } from "./audit-etc-sysconfig-docker.js";
import { auditRunContainerd } from "./audit-run-containerd.js";
import { auditRunc } from "./audit-runc.js";
import { authorizationPluginEnabled } from "./authorization-plugin-enabled.js";
import { centralizedLogging } from "./centralized-logging.js";
import { cgroupParentDefault } from "./cgroup-parent-default.js";
import { containerdSockMode } from "./containerd-sock-mode.js";
import { containerdSockOwner } from "./containerd-sock-owner.js";
import { daemonJsonMode } from "./daemon-json-mode.js";
import { daemonJsonOwner } from "./daemon-json-owner.js";
import { defaultUlimitsConfigured } from "./default-ulimits-configured.js";
import { dockerGroupTrusted } from "./docker-group-trusted.js";
import { dockerServiceMode } from "./docker-service-mode.js";
import { dockerServiceOwner } from "./docker-service-owner.js";
import { dockerSockMode } from "./docker-sock-mode.js";
import { dockerSockOwner } from "./docker-sock-owner.js";
import { dockerSocketMode } from "./docker-socket-mode.js";
import { dockerSocketOwner } from "./docker-socket-owner.js";
import { dockerVersionCurrent } from "./docker-version-current.js";
import { etcDefaultDockerMode } from "./etc-default-docker-mode.js";
import { etcDefaultDockerOwner } from "./etc-default-docker-owner.js";
import { etcDockerMode } from "./etc-docker-mode.js";
import { etcDockerOwner } from "./etc-docker-owner.js";
import { etcSysconfigDockerMode } from "./etc-sysconfig-docker-mode.js";
import { etcSysconfigDockerOwner } from "./etc-sysconfig-docker-owner.js";
import { experimentalDisabled } from "./experimental-disabled.js";
import { hostHardened } from "./host-hardened.js";
import { iccDisabled } from "./icc-disabled.js";
import { iptablesEnabled } from "./iptables-enabled.js";
import { liveRestoreEnabled } from "./live-restore-enabled.js";
import { logLevelInfo } from "./log-level-info.js";
import { noAufsStorageDriver } from "./no-aufs-storage-driver.js";
import { noDmBasesize } from "./no-dm-basesize.js";
import { noInsecureRegistries } from "./no-insecure-registries.js";
import { noNewPrivilegesDefault } from "./no-new-privileges-default.js";
import { registryCertsMode } from "./registry-certs-mode.js";
import { registryCertsOwner } from "./registry-certs-owner.js";
import { rootlessMode } from "./rootless-mode.js";
import { seccompProfileDefault } from "./seccomp-profile-default.js";
import { separatePartition } from "./separate-partition.js";
import { tlsAuthOnTcp } from "./tls-auth-on-tcp.js";
import { tlsCaCertMode } from "./tls-ca-cert-mode.js";
import { tlsCaCertOwner } from "./tls-ca-cert-owner.js";
import { tlsServerCertMode } from "./tls-server-cert-mode.js";
import { tlsServerCertOwner } from "./tls-server-cert-owner.js";
import { tlsServerKeyMode } from "./tls-server-key-mode.js";
import { tlsServerKeyOwner } from "./tls-server-key-owner.js";
import { userlandProxyDisabled } from "./userland-proxy-disabled.js";
import { usernsRemapEnabled } from "./userns-remap-enabled.js";

export { hostCheckWants, loadHostSnapshot, type HostFileStat, type HostLoadOptions, type HostSnapshot, type DaemonConfig } from "./input.js";

/** Every host rule (CIS §1–3), keyed by id. A rule file is one .ts here that is not input.ts, index.ts or *-util.ts. */
export const hostRules = {
  "audit-containerd": auditContainerd,
  "audit-containerd-config": auditContainerdConfig,
  "audit-containerd-shim": auditContainerdShim,
  "audit-containerd-shim-runc-v1": auditContainerdShimRuncV1,
  "audit-containerd-shim-runc-v2": auditContainerdShimRuncV2,
  "audit-containerd-sock": auditContainerdSock,
  "audit-daemon-json": auditDaemonJson,
  "audit-docker-data-root": auditDockerDataRoot,
  "audit-docker-service": auditDockerService,
  "audit-docker-socket": auditDockerSocket,
  "audit-dockerd": auditDockerd,
  "audit-etc-default-docker": auditEtcDefaultDocker,
  "audit-etc-docker": auditEtcDocker,
  "audit-etc-sysconfig-docker": auditEtcSysconfigDocker,
  "audit-run-containerd": auditRunContainerd,
  "audit-runc": auditRunc,
  "authorization-plugin-enabled": authorizationPluginEnabled,
  "centralized-logging": centralizedLogging,
  "cgroup-parent-default": cgroupParentDefault,
  "containerd-sock-mode": containerdSockMode,
  "containerd-sock-owner": containerdSockOwner,
  "daemon-json-mode": daemonJsonMode,
  "daemon-json-owner": daemonJsonOwner,
  "default-ulimits-configured": defaultUlimitsConfigured,
  "docker-group-trusted": dockerGroupTrusted,
  "docker-service-mode": dockerServiceMode,
  "docker-service-owner": dockerServiceOwner,
  "docker-sock-mode": dockerSockMode,
  "docker-sock-owner": dockerSockOwner,
  "docker-socket-mode": dockerSocketMode,
  "docker-socket-owner": dockerSocketOwner,
  "docker-version-current": dockerVersionCurrent,
  "etc-default-docker-mode": etcDefaultDockerMode,
  "etc-default-docker-owner": etcDefaultDockerOwner,
  "etc-docker-mode": etcDockerMode,
  "etc-docker-owner": etcDockerOwner,
  "etc-sysconfig-docker-mode": etcSysconfigDockerMode,
  "etc-sysconfig-docker-owner": etcSysconfigDockerOwner,
  "experimental-disabled": experimentalDisabled,
  "host-hardened": hostHardened,
  "icc-disabled": iccDisabled,
  "iptables-enabled": iptablesEnabled,
  "live-restore-enabled": liveRestoreEnabled,
  "log-level-info": logLevelInfo,
  "no-aufs-storage-driver": noAufsStorageDriver,
  "no-dm-basesize": noDmBasesize,
  "no-insecure-registries": noInsecureRegistries,
  "no-new-privileges-default": noNewPrivilegesDefault,
  "registry-certs-mode": registryCertsMode,
  "registry-certs-owner": registryCertsOwner,
  "rootless-mode": rootlessMode,
  "seccomp-profile-default": seccompProfileDefault,
  "separate-partition": separatePartition,
  "tls-auth-on-tcp": tlsAuthOnTcp,
  "tls-ca-cert-mode": tlsCaCertMode,
  "tls-ca-cert-owner": tlsCaCertOwner,
  "tls-server-cert-mode": tlsServerCertMode,
  "tls-server-cert-owner": tlsServerCertOwner,
  "tls-server-key-mode": tlsServerKeyMode,
  "tls-server-key-owner": tlsServerKeyOwner,
  "userland-proxy-disabled": userlandProxyDisabled,
  "userns-remap-enabled": usernsRemapEnabled,
} as const satisfies Record<string, CheckRule<HostSnapshot>>;
