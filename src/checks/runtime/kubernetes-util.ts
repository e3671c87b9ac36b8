import { blankContainer, normaliseCap, type ContainerSpec, type MountSpec, type PortSpec, type Setting } from "./spec-util.js";
import { parsePortNumber, parseQuantity } from "./units-util.js";
import type { Cursor } from "./yaml-util.js";

export function looksLikeKubernetes(c: Cursor): boolean {
  return c.isMap() && c.get("apiVersion") !== null && c.get("kind") !== null;
}

/** Where each workload kind keeps its pod template. */
function podOf(obj: Cursor): { spec: Cursor; meta: Cursor | null } | null {
  const kind = obj.get("kind")?.str() ?? "";
  if (kind === "Pod") {
    const spec = obj.get("spec");
    return spec ? { spec, meta: obj.get("metadata") } : null;
  }
  const template = kind === "CronJob" ? obj.at("spec", "jobTemplate", "spec", "template") : obj.at("spec", "template");
  const spec = template?.get("spec");
  if (!template || !spec || !["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "CronJob", "PodTemplate"].includes(kind))
    return null;
  return { spec, meta: template.get("metadata") };
}

function bool(c: Cursor | null): Setting<boolean> {
  const b = c?.bool();
  return c && b !== null && b !== undefined ? c.located(b) : null;
}

/** The container's securityContext field, else the pod's (Kubernetes' own precedence). */
function pick(ctr: Cursor, pod: Cursor, ...keys: string[]): Cursor | null {
  return ctr.at("securityContext", ...keys) ?? pod.at("securityContext", ...keys);
}

function mounts(ctr: Cursor, pod: Cursor): MountSpec[] {
  const volumes = new Map((pod.get("volumes")?.items() ?? []).map((v) => [v.get("name")?.str() ?? "", v] as const));
  return (ctr.get("volumeMounts")?.items() ?? []).map((m): MountSpec => {
    const vol = volumes.get(m.get("name")?.str() ?? "");
    const hostPath = vol?.at("hostPath", "path")?.str() ?? null;
    return {
      kind: hostPath !== null ? "host-path" : vol?.get("emptyDir") && vol.at("emptyDir", "medium")?.str() === "Memory" ? "tmpfs" : "volume",
      source: hostPath ?? m.get("name")?.str() ?? null,
      target: m.get("mountPath")?.str() ?? null,
      readOnly: m.get("readOnly")?.bool() ?? null,
      propagation: m.get("mountPropagation")?.str() ?? null,
      at: vol?.get("hostPath") ? vol.get("hostPath")!.located(`${hostPath ?? ""}:${m.get("mountPath")?.str() ?? ""}`) : m.located(m.text()),
    };
  });
}

function ports(ctr: Cursor): PortSpec[] {
  // Only hostPort publishes on the node; a bare containerPort is reachable inside the cluster only.
  return (ctr.get("ports")?.items() ?? []).flatMap((p): PortSpec[] => {
    const hostPort = p.get("hostPort")?.num() ?? null;
    if (hostPort === null || hostPort === 0) return [];
    return [
      {
        hostIp: p.get("hostIP")?.str() ?? null,
        hostPort,
        containerPort: parsePortNumber(p.get("containerPort")?.num() ?? null),
        protocol: (p.get("protocol")?.str() ?? "TCP").toLowerCase(),
        at: p.get("hostPort")!.located(p.text()),
      },
    ];
  });
}

function apparmor(ctr: Cursor, pod: Cursor, meta: Cursor | null, name: string): Setting<string> {
  const field = pick(ctr, pod, "appArmorProfile");
  if (field) {
    const type = field.get("type")?.str() ?? "";
    return field.located(type === "Localhost" ? `localhost/${field.get("localhostProfile")?.str() ?? ""}` : type);
  }
  const annotation = meta?.get("annotations")?.get(`container.apparmor.security.beta.kubernetes.io/${name}`);
  return annotation ? annotation.located(annotation.str() ?? "") : null;
}

function seccomp(ctr: Cursor, pod: Cursor, meta: Cursor | null): Setting<string> {
  const field = pick(ctr, pod, "seccompProfile");
  if (field) return field.located(field.get("type")?.str() ?? "");
  const annotation = meta?.get("annotations")?.get("seccomp.security.alpha.kubernetes.io/pod");
  return annotation ? annotation.located(annotation.str() ?? "") : null;
}

function quantity(c: Cursor | null): Setting<number> {
  const raw = c?.str();
  if (!c || raw === null || raw === undefined) return null;
  return c.located(parseQuantity(c.num() ?? raw) ?? 0);
}

function probe(ctr: Cursor): ContainerSpec["healthcheck"] {
  for (const key of ["livenessProbe", "readinessProbe", "startupProbe"]) {
    const p = ctr.get(key);
    if (p && !p.isNull()) return p.located({ disabled: false, test: `${key} ${p.text()}` });
  }
  return null;
}

function container(obj: Cursor, pod: Cursor, meta: Cursor | null, ctr: Cursor, file: string): ContainerSpec {
  const kind = obj.get("kind")?.str() ?? "";
  const objName = obj.at("metadata", "name")?.str() ?? "?";
  const ctrName = ctr.get("name")?.str() ?? "?";
  const hostNetwork = bool(pod.get("hostNetwork"));
  const hostUsers = pod.get("hostUsers");
  const ape = ctr.at("securityContext", "allowPrivilegeEscalation");
  const runAsUser = pick(ctr, pod, "runAsUser");
  const seLinux = pick(ctr, pod, "seLinuxOptions");
  const hostDevices = mounts(ctr, pod).filter((m) => m.kind === "host-path" && m.source?.startsWith("/dev/"));
  const devices = ctr.get("volumeDevices");
  const cpuLimit = quantity(ctr.at("resources", "limits", "cpu"));
  const cpuRequest = quantity(ctr.at("resources", "requests", "cpu"));
  return {
    ...blankContainer(`${kind}/${objName}:${ctrName}`, "kubernetes", file, ctr.get("name")?.line ?? ctr.line),
    image: ctr.get("image") ? ctr.get("image")!.located(ctr.get("image")!.str() ?? "") : null,
    user: runAsUser ? runAsUser.located(runAsUser.str() ?? "") : null,
    privileged: bool(ctr.at("securityContext", "privileged")),
    capAdd: ctr.at("securityContext", "capabilities", "add")
      ? ctr.at("securityContext", "capabilities", "add")!.located(ctr.at("securityContext", "capabilities", "add")!.strings().map(normaliseCap))
      : null,
    capDrop: ctr.at("securityContext", "capabilities", "drop")
      ? ctr.at("securityContext", "capabilities", "drop")!.located(ctr.at("securityContext", "capabilities", "drop")!.strings().map(normaliseCap))
      : null,
    hostNetwork,
    hostPid: bool(pod.get("hostPID")),
    hostIpc: bool(pod.get("hostIPC")),
    // Kubernetes has no separate UTS switch: a hostNetwork pod also shares the node's UTS namespace.
    hostUts: hostNetwork?.value === true ? hostNetwork : null,
    hostUserns: hostUsers ? bool(hostUsers) : null,
    mounts: mounts(ctr, pod),
    devices:
      devices || hostDevices.length > 0
        ? {
            value: [...(devices?.items().map((d) => d.get("devicePath")?.str() ?? d.text()) ?? []), ...hostDevices.map((m) => m.source ?? "")],
            key: devices?.path ?? hostDevices[0]!.at.key,
            line: devices?.line ?? hostDevices[0]!.at.line,
            text: devices?.text() ?? hostDevices.map((m) => m.source).join(","),
          }
        : null,
    seccomp: seccomp(ctr, pod, meta),
    apparmor: apparmor(ctr, pod, meta, ctrName),
    selinux: seLinux ? seLinux.located(seLinux.keys().map((k) => `${k}:${seLinux.get(k)?.str() ?? ""}`)) : null,
    noNewPrivileges: ape && ape.bool() !== null ? ape.located(ape.bool() === false) : null,
    memoryLimit: quantity(ctr.at("resources", "limits", "memory")),
    // requests.cpu is what the kubelet turns into cgroup cpu shares.
    cpuShares: cpuRequest ? { ...cpuRequest, value: cpuRequest.value * 1024 } : null,
    cpuLimit,
    restart: pod.get("restartPolicy") ? pod.get("restartPolicy")!.located({ name: pod.get("restartPolicy")!.str() ?? "", maxRetries: null }) : null,
    readOnlyRootfs: bool(ctr.at("securityContext", "readOnlyRootFilesystem")),
    ports: ports(ctr),
    healthcheck: probe(ctr),
  };
}

/** Every container (init containers included) of every workload object in one document. */
export function kubernetesContainers(obj: Cursor, file: string): ContainerSpec[] {
  if (obj.get("kind")?.str()?.endsWith("List")) {
    return (obj.get("items")?.items() ?? []).flatMap((item) => kubernetesContainers(item, file));
  }
  const pod = podOf(obj);
  if (!pod) return [];
  return ["initContainers", "containers", "ephemeralContainers"].flatMap((key) =>
    (pod.spec.get(key)?.items() ?? []).map((ctr) => container(obj, pod.spec, pod.meta, ctr, file)),
  );
}
