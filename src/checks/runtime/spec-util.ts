import type { Problem } from "../../core/problem.js";

/**
 * A setting read from the input, with where it was read. A field of type `Setting<T>` is `null`
 * when the input does not specify it, which is different from an explicit `false`/`0`/`""`: rules
 * decide what Docker's or Kubernetes' default means for a missing setting.
 */
export interface Located<T> {
  readonly value: T;
  /** Dotted key path as written in the input, e.g. `HostConfig.Privileged` or `services.web.privileged`. */
  readonly key: string;
  readonly line: number | null;
  /** The value as written, for evidence. */
  readonly text: string;
}
export type Setting<T> = Located<T> | null;

export type RuntimeFormat = "docker-inspect" | "compose" | "kubernetes";

export type MountKind = "bind" | "volume" | "tmpfs" | "host-path" | "other";

export interface MountSpec {
  readonly kind: MountKind;
  /** Host path for binds / hostPath volumes, volume name for volumes, null for tmpfs/anonymous. */
  readonly source: string | null;
  readonly target: string | null;
  /** null when the input says nothing (Docker and Kubernetes then mount read-write). */
  readonly readOnly: boolean | null;
  /** Docker names (`rprivate`, `shared`, `rshared`, …) or Kubernetes (`None`, `HostToContainer`, `Bidirectional`). */
  readonly propagation: string | null;
  readonly at: Located<string>;
}

export interface PortSpec {
  /** null or "" = every interface. */
  readonly hostIp: string | null;
  /** Lowest host port of the mapping; null = an ephemeral port chosen by the engine. */
  readonly hostPort: number | null;
  readonly containerPort: number | null;
  readonly protocol: string;
  readonly at: Located<string>;
}

export interface RestartPolicy {
  /** Normalised: `no`, `always`, `unless-stopped`, `on-failure`, or a Kubernetes policy (`Always`, `OnFailure`, `Never`). */
  readonly name: string;
  /** null = unlimited / not stated. */
  readonly maxRetries: number | null;
}

export interface Healthcheck {
  /** `HEALTHCHECK NONE`, `disable: true`. */
  readonly disabled: boolean;
  readonly test: string;
}

/** One container, from any of the three input formats. */
export interface ContainerSpec {
  /** Container / service / `Kind/name:container` name, shown in every piece of evidence. */
  readonly name: string;
  readonly format: RuntimeFormat;
  readonly source: { readonly file: string; readonly line: number | null };
  readonly image: Setting<string>;
  readonly user: Setting<string>;
  readonly privileged: Setting<boolean>;
  /** Upper-case, without the `CAP_` prefix (docker-bench #491). */
  readonly capAdd: Setting<readonly string[]>;
  readonly capDrop: Setting<readonly string[]>;
  readonly hostNetwork: Setting<boolean>;
  readonly hostPid: Setting<boolean>;
  readonly hostIpc: Setting<boolean>;
  readonly hostUts: Setting<boolean>;
  readonly hostUserns: Setting<boolean>;
  readonly mounts: readonly MountSpec[];
  readonly devices: Setting<readonly string[]>;
  /** Profile name: `unconfined`, `default`, `RuntimeDefault`, `Localhost/x`, a file path. */
  readonly seccomp: Setting<string>;
  readonly apparmor: Setting<string>;
  /** SELinux label options (`type:container_t`, `disable`, …). */
  readonly selinux: Setting<readonly string[]>;
  /** true = no-new-privileges set / allowPrivilegeEscalation false. */
  readonly noNewPrivileges: Setting<boolean>;
  /** Bytes; 0 = unlimited. */
  readonly memoryLimit: Setting<number>;
  /** Relative CPU weight (Docker shares or Kubernetes requests in millicores). 0 = unset. */
  readonly cpuShares: Setting<number>;
  /** CPU limit in cores; 0 = unset. */
  readonly cpuLimit: Setting<number>;
  readonly pidsLimit: Setting<number>;
  readonly restart: Setting<RestartPolicy>;
  readonly readOnlyRootfs: Setting<boolean>;
  readonly ports: readonly PortSpec[];
  /** `-P`: every exposed port on an ephemeral port on all interfaces. */
  readonly publishAll: Setting<boolean>;
  readonly ulimits: Setting<readonly string[]>;
  readonly healthcheck: Setting<Healthcheck>;
  readonly cgroupParent: Setting<string>;
  /** Raw security options, as given. */
  readonly securityOpt: Setting<readonly string[]>;
}

export interface RuntimeCheckInput {
  readonly file: string;
  /** null when the format could not be recognised (see problems). */
  readonly format: RuntimeFormat | null;
  readonly containers: readonly ContainerSpec[];
  readonly problems: readonly Problem[];
}

/** A container with nothing specified; parsers fill in what their format states. */
export function blankContainer(name: string, format: RuntimeFormat, file: string, line: number | null): ContainerSpec {
  return {
    name,
    format,
    source: { file, line },
    image: null,
    user: null,
    privileged: null,
    capAdd: null,
    capDrop: null,
    hostNetwork: null,
    hostPid: null,
    hostIpc: null,
    hostUts: null,
    hostUserns: null,
    mounts: [],
    devices: null,
    seccomp: null,
    apparmor: null,
    selinux: null,
    noNewPrivileges: null,
    memoryLimit: null,
    cpuShares: null,
    cpuLimit: null,
    pidsLimit: null,
    restart: null,
    readOnlyRootfs: null,
    ports: [],
    publishAll: null,
    ulimits: null,
    healthcheck: null,
    cgroupParent: null,
    securityOpt: null,
  };
}

/** `CAP_SYS_ADMIN`, `sys_admin` → `SYS_ADMIN`. */
export function normaliseCap(cap: string): string {
  return cap.trim().toUpperCase().replace(/^CAP_/, "");
}
