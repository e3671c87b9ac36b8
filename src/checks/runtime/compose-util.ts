import { blankContainer, normaliseCap, type ContainerSpec, type MountSpec, type PortSpec, type Setting } from "./spec-util.js";
import { parseDockerBytes, parsePortNumber, parseShortPort, readSecurityOpts } from "./units-util.js";
import type { Cursor } from "./yaml-util.js";

export function looksLikeCompose(c: Cursor): boolean {
  return c.isMap() && (c.get("services")?.isMap() ?? false);
}

function str(c: Cursor | null): Setting<string> {
  const s = c?.str();
  return c && s !== null && s !== undefined ? c.located(s) : null;
}

function bool(c: Cursor | null): Setting<boolean> {
  const b = c?.bool();
  return c && b !== null && b !== undefined ? c.located(b) : null;
}

function hostMode(c: Cursor | null): Setting<boolean> {
  const s = c?.str();
  return c && s !== null && s !== undefined ? c.located(s === "host") : null;
}

function list(c: Cursor | null, map: (s: string) => string = (s) => s): Setting<readonly string[]> {
  return c && !c.isNull() ? c.located(c.strings().map(map)) : null;
}

/** Short syntax `SRC:DST[:OPTS]`; a SRC that is not a path is a named volume. */
function shortVolume(v: Cursor, spec: string): MountSpec | null {
  const parts = spec.split(":");
  if (parts.length === 1) return { kind: "volume", source: null, target: parts[0] ?? null, readOnly: null, propagation: null, at: v.located(spec) };
  const [source = "", target = "", mode = ""] = parts;
  const opts = mode.split(",");
  const isPath = /^(\/|\.|~|\$)/.test(source);
  return {
    kind: isPath ? "bind" : "volume",
    source,
    target,
    readOnly: opts.includes("ro") ? true : opts.includes("rw") ? false : null,
    propagation: opts.find((o) => /^r?(shared|slave|private)$/.test(o)) ?? null,
    at: v.located(spec),
  };
}

function volumes(svc: Cursor): MountSpec[] {
  return (svc.get("volumes")?.items() ?? []).flatMap((v): MountSpec[] => {
    if (!v.isMap()) {
      const spec = v.str();
      const m = spec === null ? null : shortVolume(v, spec);
      return m ? [m] : [];
    }
    const type = v.get("type")?.str() ?? "volume";
    const source = v.get("source")?.str() ?? null;
    return [
      {
        kind: type === "bind" || type === "volume" || type === "tmpfs" ? type : "other",
        source,
        target: v.get("target")?.str() ?? null,
        readOnly: v.get("read_only")?.bool() ?? null,
        propagation: v.at("bind", "propagation")?.str() ?? null,
        at: v.located(`${source ?? ""}:${v.get("target")?.str() ?? ""}`),
      },
    ];
  });
}

function ports(svc: Cursor): PortSpec[] {
  return (svc.get("ports")?.items() ?? []).flatMap((p): PortSpec[] => {
    if (p.isMap()) {
      const published = p.get("published")?.str() ?? null;
      return [
        {
          hostIp: p.get("host_ip")?.str() ?? null,
          hostPort: parsePortNumber(published),
          containerPort: parsePortNumber(p.get("target")?.str() ?? null),
          protocol: p.get("protocol")?.str() ?? "tcp",
          // A long-syntax port without `published` still gets a random host port, as `-p 80` does.
          at: p.located(p.text()),
        },
      ];
    }
    const spec = p.str();
    const parsed = spec === null ? null : parseShortPort(spec);
    if (!parsed) return [];
    return [
      {
        hostIp: parsed.hostIp,
        hostPort: parsePortNumber(parsed.hostPort),
        containerPort: parsePortNumber(parsed.containerPort),
        protocol: parsed.protocol,
        at: p.located(spec ?? ""),
      },
    ];
  });
}

function restart(svc: Cursor): ContainerSpec["restart"] {
  // Swarm's deploy.restart_policy wins over `restart` when the stack is deployed.
  const policy = svc.at("deploy", "restart_policy");
  if (policy) {
    const condition = policy.get("condition")?.str() ?? "any";
    const max = policy.get("max_attempts")?.num() ?? null;
    return policy.located({ name: condition === "any" ? "always" : condition === "none" ? "no" : condition, maxRetries: max });
  }
  const r = svc.get("restart");
  const s = r?.str();
  if (!r || s === null || s === undefined) return null;
  const [name = "", max] = s.split(":");
  return r.located({ name, maxRetries: max === undefined ? null : Number(max) });
}

function healthcheck(svc: Cursor): ContainerSpec["healthcheck"] {
  const h = svc.get("healthcheck");
  if (!h || h.isNull()) return null;
  const test = h.get("test");
  const parts = test?.strings() ?? [];
  const disabled = h.get("disable")?.bool() === true || parts[0] === "NONE";
  return h.located({ disabled, test: parts.join(" ") });
}

function memory(svc: Cursor): Setting<number> {
  const c = svc.get("mem_limit") ?? svc.at("deploy", "resources", "limits", "memory");
  const s = c?.str();
  if (!c || s === null || s === undefined) return null;
  return c.located(parseDockerBytes(c.num() ?? s) ?? 0);
}

function cpuLimit(svc: Cursor): Setting<number> {
  const cpus = svc.get("cpus") ?? svc.at("deploy", "resources", "limits", "cpus");
  const n = cpus?.num();
  if (cpus && n !== null && n !== undefined) return cpus.located(n);
  const quota = svc.get("cpu_quota");
  const q = quota?.num();
  if (quota && q !== null && q !== undefined) return quota.located(q / (svc.get("cpu_period")?.num() || 100000));
  return null;
}

export function composeServices(root: Cursor, file: string): ContainerSpec[] {
  const services = root.get("services");
  if (!services) return [];
  return services.keys().map((key) => {
    const svc = services.get(key)!;
    const secOpt = svc.get("security_opt");
    const opts = readSecurityOpts(secOpt?.strings() ?? []);
    const opt = <T>(value: T | null): Setting<T> => (secOpt && value !== null ? secOpt.located(value) : null);
    const pids = svc.get("pids_limit") ?? svc.at("deploy", "resources", "limits", "pids");
    const network = svc.get("network_mode");
    const containerName = svc.get("container_name")?.str();
    return {
      ...blankContainer(containerName ? `${key} (${containerName})` : key, "compose", file, svc.line),
      image: str(svc.get("image")),
      user: str(svc.get("user")),
      privileged: bool(svc.get("privileged")),
      capAdd: list(svc.get("cap_add"), normaliseCap),
      capDrop: list(svc.get("cap_drop"), normaliseCap),
      hostNetwork: hostMode(network),
      hostPid: hostMode(svc.get("pid")),
      hostIpc: hostMode(svc.get("ipc")),
      hostUts: hostMode(svc.get("uts")),
      hostUserns: hostMode(svc.get("userns_mode")),
      mounts: volumes(svc),
      devices: svc.get("devices")
        ? svc.get("devices")!.located(
            svc
              .get("devices")!
              .items()
              .map((d) => d.str() ?? d.get("source")?.str() ?? d.text()),
          )
        : null,
      seccomp: opt(opts.seccomp),
      apparmor: opt(opts.apparmor),
      selinux: secOpt && opts.labels.length > 0 ? secOpt.located(opts.labels) : null,
      noNewPrivileges: opt(opts.noNewPrivileges),
      memoryLimit: memory(svc),
      cpuShares: svc.get("cpu_shares") ? svc.get("cpu_shares")!.located(svc.get("cpu_shares")!.num() ?? 0) : null,
      cpuLimit: cpuLimit(svc),
      pidsLimit: pids ? pids.located(pids.num() ?? 0) : null,
      restart: restart(svc),
      readOnlyRootfs: bool(svc.get("read_only")),
      ports: ports(svc),
      ulimits: svc.get("ulimits") ? svc.get("ulimits")!.located(svc.get("ulimits")!.keys()) : null,
      healthcheck: healthcheck(svc),
      cgroupParent: str(svc.get("cgroup_parent")),
      securityOpt: list(secOpt),
    };
  });
}
