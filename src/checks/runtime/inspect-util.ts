import { blankContainer, normaliseCap, type ContainerSpec, type MountSpec, type PortSpec, type Setting } from "./spec-util.js";
import { parsePortNumber, readSecurityOpts } from "./units-util.js";
import type { Cursor } from "./yaml-util.js";

/** True for a `docker inspect` container object (not an image or network inspect). */
export function looksLikeInspect(c: Cursor): boolean {
  return c.isMap() && c.get("HostConfig") !== null && (c.get("Config") !== null || c.get("Id") !== null);
}

function nonEmptyString(c: Cursor | null): Setting<string> {
  const s = c?.str();
  return c && s !== null && s !== undefined && s !== "" ? c.located(s) : null;
}

function stringList(c: Cursor | null, map: (s: string) => string = (s) => s): Setting<readonly string[]> {
  if (!c || c.isNull()) return null;
  return c.located(c.strings().map(map));
}

/** `HostConfig.XxxMode == "host"`; other values (`private`, `container:x`) are not the host's namespace. */
function hostMode(c: Cursor | null, contains = false): Setting<boolean> {
  const s = c?.str();
  if (!c || s === null || s === undefined || s === "") return null;
  return c.located(contains ? s.includes("host") : s === "host");
}

function positive(c: Cursor | null): Setting<number> {
  const n = c?.num();
  return c && n !== null && n !== undefined ? c.located(n) : null;
}

function mounts(c: Cursor): MountSpec[] {
  const list = c.get("Mounts");
  if (list?.isSeq()) {
    return list.items().map((m): MountSpec => {
      const type = m.get("Type")?.str() ?? "other";
      const rw = m.get("RW")?.bool();
      const source = m.get("Source")?.str() ?? m.get("Name")?.str() ?? null;
      return {
        kind: type === "bind" || type === "volume" || type === "tmpfs" ? type : "other",
        source: source === "" ? null : source,
        target: m.get("Destination")?.str() ?? null,
        readOnly: rw === null || rw === undefined ? null : !rw,
        propagation: m.get("Propagation")?.str() || null,
        at: m.located(`${source ?? ""}:${m.get("Destination")?.str() ?? ""}`),
      };
    });
  }
  // A created-but-never-started container may only carry HostConfig.Binds.
  return (c.at("HostConfig", "Binds")?.items() ?? []).flatMap((b): MountSpec[] => {
    const [source, target, mode = ""] = (b.str() ?? "").split(":");
    if (!source || !target) return [];
    const opts = mode.split(",");
    return [
      {
        kind: source.startsWith("/") ? "bind" : "volume",
        source,
        target,
        readOnly: opts.includes("ro") ? true : opts.includes("rw") ? false : null,
        propagation: opts.find((o) => /^r?(shared|slave|private)$/.test(o)) ?? null,
        at: b.located(b.text()),
      },
    ];
  });
}

function ports(c: Cursor): PortSpec[] {
  // A running container's NetworkSettings.Ports shows the bindings the engine made (including the
  // `::` twin of every `0.0.0.0`); HostConfig.PortBindings is what was asked for.
  const live = c.at("NetworkSettings", "Ports");
  const liveHasBindings = live?.keys().some((k) => live.get(k)?.isSeq()) ?? false;
  const source = liveHasBindings ? live : c.at("HostConfig", "PortBindings");
  if (!source) return [];
  return source.keys().flatMap((key) => {
    const [port = "", protocol = "tcp"] = key.split("/");
    return (source.get(key)?.items() ?? []).map((b): PortSpec => {
      const hostIp = b.get("HostIp")?.str() ?? null;
      const hostPort = b.get("HostPort")?.str() ?? null;
      return {
        hostIp: hostIp === "" ? null : hostIp,
        hostPort: parsePortNumber(hostPort === "" ? null : hostPort),
        containerPort: parsePortNumber(port),
        protocol,
        at: b.located(`${hostIp ?? ""}:${hostPort ?? ""}->${key}`),
      };
    });
  });
}

function healthcheck(c: Cursor): ContainerSpec["healthcheck"] {
  const status = c.at("State", "Health", "Status");
  const config = c.at("Config", "Healthcheck");
  const test = config?.get("Test");
  if (test && !test.isNull()) {
    const parts = test.strings();
    return test.located({ disabled: parts[0] === "NONE", test: parts.join(" ") });
  }
  if (status && status.str()) return status.located({ disabled: false, test: `status ${status.str()}` });
  return null;
}

export function inspectContainer(c: Cursor, file: string, index: number): ContainerSpec {
  const host = c.get("HostConfig");
  const h = (key: string): Cursor | null => host?.get(key) ?? null;
  const name = (c.get("Name")?.str() ?? "").replace(/^\//, "") || c.get("Id")?.str()?.slice(0, 12) || `container[${index}]`;
  const secOpt = h("SecurityOpt");
  const opts = readSecurityOpts(secOpt?.strings() ?? []);
  const optSetting = <T>(value: T | null): Setting<T> => (secOpt && value !== null ? secOpt.located(value) : null);
  const nano = h("NanoCpus")?.num() ?? 0;
  const quota = h("CpuQuota")?.num() ?? 0;
  const period = h("CpuPeriod")?.num() || 100000;
  const cpuLimit = nano > 0 ? h("NanoCpus")!.located(nano / 1e9) : quota > 0 ? h("CpuQuota")!.located(quota / period) : positive(h("NanoCpus"));
  const shares = h("CpuShares");
  const restartName = h("RestartPolicy")?.get("Name")?.str() ?? "";
  const restartMax = h("RestartPolicy")?.get("MaximumRetryCount")?.num() ?? null;
  const restart = h("RestartPolicy");
  const memory = h("Memory");
  return {
    ...blankContainer(name, "docker-inspect", file, c.line),
    image: nonEmptyString(c.at("Config", "Image")) ?? nonEmptyString(c.get("Image")),
    user: (() => {
      const u = c.at("Config", "User");
      return u && !u.isNull() ? u.located(u.str() ?? "") : null;
    })(),
    privileged: h("Privileged")?.bool() == null ? null : h("Privileged")!.located(h("Privileged")!.bool() === true),
    capAdd: stringList(h("CapAdd"), normaliseCap),
    capDrop: stringList(h("CapDrop"), normaliseCap),
    hostNetwork: hostMode(h("NetworkMode")),
    hostPid: hostMode(h("PidMode")),
    hostIpc: hostMode(h("IpcMode")),
    hostUts: hostMode(h("UTSMode")),
    hostUserns: hostMode(h("UsernsMode"), true),
    mounts: mounts(c),
    devices: h("Devices")?.isSeq()
      ? h("Devices")!.located(
          h("Devices")!
            .items()
            .map((d) => d.get("PathOnHost")?.str() ?? d.text()),
        )
      : null,
    seccomp: optSetting(opts.seccomp),
    apparmor: c.get("AppArmorProfile") ? c.get("AppArmorProfile")!.located(c.get("AppArmorProfile")!.str() ?? "") : optSetting(opts.apparmor),
    selinux: secOpt && opts.labels.length > 0 ? secOpt.located(opts.labels) : null,
    noNewPrivileges: optSetting(opts.noNewPrivileges),
    memoryLimit: memory ? memory.located(memory.num() ?? 0) : null,
    cpuShares: shares ? shares.located(shares.num() ?? 0) : null,
    cpuLimit,
    pidsLimit: h("PidsLimit") && !h("PidsLimit")!.isNull() ? h("PidsLimit")!.located(h("PidsLimit")!.num() ?? 0) : null,
    restart: restart ? restart.located({ name: restartName === "" ? "no" : restartName, maxRetries: restartMax }) : null,
    readOnlyRootfs: h("ReadonlyRootfs") ? h("ReadonlyRootfs")!.located(h("ReadonlyRootfs")!.bool() === true) : null,
    ports: ports(c),
    publishAll: h("PublishAllPorts") ? h("PublishAllPorts")!.located(h("PublishAllPorts")!.bool() === true) : null,
    ulimits: h("Ulimits")?.isSeq()
      ? h("Ulimits")!.located(
          h("Ulimits")!
            .items()
            .map((u) => u.get("Name")?.str() ?? u.text()),
        )
      : null,
    healthcheck: healthcheck(c),
    cgroupParent: h("CgroupParent") ? h("CgroupParent")!.located(h("CgroupParent")!.str() ?? "") : null,
    securityOpt: stringList(secOpt),
  };
}
