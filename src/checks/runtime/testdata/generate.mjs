// Writes the runtime testdata: a hardened base per format plus one file per changed setting, and
// want.json (file -> {rule-id: expected status}). The expectations below are written by hand from
// the CIS text; they are not computed by claro. Run: node src/checks/runtime/testdata/generate.mjs
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";

const here = dirname(fileURLToPath(import.meta.url));
const clone = (o) => structuredClone(o);

const inspectBase = () => ({
  Id: "4f2c9c1b7a3e5d6f8a9b0c1d2e3f405162738495a6b7c8d9e0f1a2b3c4d5e6f7",
  Created: "2024-05-02T09:14:31.520144313Z",
  Path: "/usr/local/bin/app",
  Args: ["--listen", ":8080"],
  State: {
    Status: "running",
    Running: true,
    Paused: false,
    Restarting: false,
    OOMKilled: false,
    Dead: false,
    Pid: 4242,
    ExitCode: 0,
    Error: "",
    StartedAt: "2024-05-02T09:14:32.01Z",
    FinishedAt: "0001-01-01T00:00:00Z",
    Health: { Status: "healthy", FailingStreak: 0, Log: [] },
  },
  Image: "sha256:9c7a54a9a43cca047013b82af109fe963fde787f63f9e016fdc3384500c2823d",
  ResolvConfPath: "/var/lib/docker/containers/4f2c9c1b7a3e/resolv.conf",
  HostnamePath: "/var/lib/docker/containers/4f2c9c1b7a3e/hostname",
  HostsPath: "/var/lib/docker/containers/4f2c9c1b7a3e/hosts",
  LogPath: "/var/lib/docker/containers/4f2c9c1b7a3e/4f2c9c1b7a3e-json.log",
  Name: "/web",
  RestartCount: 0,
  Driver: "overlay2",
  Platform: "linux",
  MountLabel: "system_u:object_r:container_file_t:s0:c312,c829",
  ProcessLabel: "system_u:system_r:container_t:s0:c312,c829",
  AppArmorProfile: "docker-default",
  ExecIDs: null,
  HostConfig: {
    Binds: ["/srv/web/config:/config:ro"],
    ContainerIDFile: "",
    LogConfig: { Type: "json-file", Config: {} },
    NetworkMode: "bridge",
    PortBindings: { "8080/tcp": [{ HostIp: "127.0.0.1", HostPort: "8080" }] },
    RestartPolicy: { Name: "on-failure", MaximumRetryCount: 5 },
    AutoRemove: false,
    VolumeDriver: "",
    VolumesFrom: null,
    ConsoleSize: [0, 0],
    CapAdd: null,
    CapDrop: ["ALL"],
    CgroupnsMode: "private",
    Dns: [],
    DnsOptions: [],
    DnsSearch: [],
    ExtraHosts: null,
    GroupAdd: null,
    IpcMode: "private",
    Cgroup: "",
    Links: null,
    OomScoreAdj: 0,
    PidMode: "",
    Privileged: false,
    PublishAllPorts: false,
    ReadonlyRootfs: true,
    SecurityOpt: ["no-new-privileges:true", "label=type:container_t"],
    UTSMode: "",
    UsernsMode: "",
    ShmSize: 67108864,
    Runtime: "runc",
    Isolation: "",
    CpuShares: 512,
    Memory: 268435456,
    NanoCpus: 500000000,
    CgroupParent: "",
    BlkioWeight: 0,
    BlkioWeightDevice: [],
    BlkioDeviceReadBps: [],
    BlkioDeviceWriteBps: [],
    BlkioDeviceReadIOps: [],
    BlkioDeviceWriteIOps: [],
    CpuPeriod: 0,
    CpuQuota: 0,
    CpuRealtimePeriod: 0,
    CpuRealtimeRuntime: 0,
    CpusetCpus: "",
    CpusetMems: "",
    Devices: [],
    DeviceCgroupRules: null,
    DeviceRequests: null,
    MemoryReservation: 0,
    MemorySwap: 536870912,
    MemorySwappiness: null,
    OomKillDisable: null,
    PidsLimit: 100,
    Ulimits: null,
    CpuCount: 0,
    CpuPercent: 0,
    IOMaximumIOps: 0,
    IOMaximumBandwidth: 0,
    MaskedPaths: [
      "/proc/asound",
      "/proc/acpi",
      "/proc/kcore",
      "/proc/keys",
      "/proc/latency_stats",
      "/proc/timer_list",
      "/proc/timer_stats",
      "/proc/sched_debug",
      "/proc/scsi",
      "/sys/firmware",
      "/sys/devices/virtual/powercap",
    ],
    ReadonlyPaths: ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"],
  },
  GraphDriver: {
    Data: {
      LowerDir: "/var/lib/docker/overlay2/3b1e-init/diff",
      MergedDir: "/var/lib/docker/overlay2/3b1e/merged",
      UpperDir: "/var/lib/docker/overlay2/3b1e/diff",
      WorkDir: "/var/lib/docker/overlay2/3b1e/work",
    },
    Name: "overlay2",
  },
  Mounts: [{ Type: "bind", Source: "/srv/web/config", Destination: "/config", Mode: "ro", RW: false, Propagation: "rprivate" }],
  Config: {
    Hostname: "4f2c9c1b7a3e",
    Domainname: "",
    User: "10001:10001",
    AttachStdin: false,
    AttachStdout: false,
    AttachStderr: false,
    ExposedPorts: { "8080/tcp": {} },
    Tty: false,
    OpenStdin: false,
    StdinOnce: false,
    Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
    Cmd: ["--listen", ":8080"],
    Healthcheck: { Test: ["CMD", "/usr/local/bin/app", "health"], Interval: 30000000000, Timeout: 5000000000, Retries: 3 },
    Image: "registry.example.com/web:1.4.2",
    Volumes: null,
    WorkingDir: "/",
    Entrypoint: ["/usr/local/bin/app"],
    OnBuild: null,
    Labels: { "org.opencontainers.image.version": "1.4.2" },
  },
  NetworkSettings: {
    Bridge: "",
    SandboxID: "c0ffee0123456789",
    SandboxKey: "/var/run/docker/netns/c0ffee012345",
    Ports: { "8080/tcp": [{ HostIp: "127.0.0.1", HostPort: "8080" }] },
    Gateway: "172.17.0.1",
    IPAddress: "172.17.0.2",
    IPPrefixLen: 16,
    MacAddress: "02:42:ac:11:00:02",
    Networks: {
      bridge: {
        IPAMConfig: null,
        Links: null,
        Aliases: null,
        NetworkID: "8d1c",
        EndpointID: "77aa",
        Gateway: "172.17.0.1",
        IPAddress: "172.17.0.2",
        IPPrefixLen: 16,
        MacAddress: "02:42:ac:11:00:02",
      },
    },
  },
});

const composeBase = () => ({
  services: {
    web: {
      image: "registry.example.com/web:1.4.2",
      user: "10001:10001",
      read_only: true,
      cap_drop: ["ALL"],
      security_opt: ["no-new-privileges:true", "apparmor=docker-default", "label=type:container_t"],
      mem_limit: "256m",
      cpus: 0.5,
      pids_limit: 100,
      restart: "on-failure:5",
      ports: ["127.0.0.1:8080:8080"],
      volumes: ["./config:/config:ro"],
      healthcheck: { test: ["CMD", "/usr/local/bin/app", "health"], interval: "30s", timeout: "5s", retries: 3 },
    },
  },
});

const k8sBase = () => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "shop" },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: "web" } },
    template: {
      metadata: { labels: { app: "web" } },
      spec: {
        hostUsers: false,
        securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: "RuntimeDefault" }, seLinuxOptions: { type: "container_t" } },
        containers: [
          {
            name: "app",
            image: "registry.example.com/web:1.4.2",
            ports: [{ containerPort: 8080, hostPort: 8080, hostIP: "127.0.0.1" }],
            securityContext: {
              privileged: false,
              allowPrivilegeEscalation: false,
              readOnlyRootFilesystem: true,
              capabilities: { drop: ["ALL"] },
              appArmorProfile: { type: "RuntimeDefault" },
            },
            resources: { requests: { cpu: "250m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
            livenessProbe: { httpGet: { path: "/healthz", port: 8080 }, periodSeconds: 10 },
            volumeMounts: [{ name: "config", mountPath: "/config", readOnly: true }],
          },
        ],
        volumes: [{ name: "config", configMap: { name: "web-config" } }],
      },
    },
  },
});

const ALL_AUTO = [
  "apparmor-profile",
  "selinux-options",
  "added-capabilities",
  "drop-all-capabilities",
  "privileged",
  "sensitive-host-mounts",
  "privileged-ports",
  "host-network",
  "memory-limit",
  "cpu-priority",
  "read-only-rootfs",
  "bind-host-interface",
  "restart-policy",
  "host-pid",
  "host-ipc",
  "host-devices",
  "mount-propagation",
  "host-uts",
  "seccomp-unconfined",
  "cgroup-parent",
  "no-new-privileges",
  "healthcheck-at-runtime",
  "pids-limit",
  "host-userns",
  "docker-socket-mount",
];
const MANUAL = ["sshd", "needed-ports-only", "default-ulimits", "exec-privileged", "exec-user-root"];
const baseWant = (skips = []) => Object.fromEntries([...ALL_AUTO.map((r) => [r, skips.includes(r) ? "skip" : "pass"]), ...MANUAL.map((r) => [r, "manual"])]);

const files = {};
const want = {};
const add = (file, text, w) => {
  files[file] = text;
  want[file] = w;
};
const inspect = (name, patch, w) => {
  const o = inspectBase();
  patch(o);
  add(`inspect/${name}.json`, JSON.stringify([o], null, 4) + "\n", w);
};
const compose = (name, patch, w) => {
  const o = composeBase();
  patch(o.services.web, o);
  add(`compose/${name}.yaml`, stringify(o), w);
};
const k8s = (name, patch, w) => {
  const o = k8sBase();
  const pod = o.spec.template.spec;
  patch(pod.containers[0], pod, o);
  add(`kubernetes/${name}.yaml`, stringify(o), w);
};
const H = (o) => o.HostConfig;

inspect("hardened", () => {}, baseWant());
compose("hardened", () => {}, baseWant());
k8s("hardened", () => {}, baseWant(["restart-policy", "cgroup-parent", "pids-limit"]));

// apparmor-profile
inspect(
  "apparmor-empty",
  (o) => {
    o.AppArmorProfile = "";
  },
  { "apparmor-profile": "fail" },
);
inspect(
  "apparmor-unconfined",
  (o) => {
    o.AppArmorProfile = "unconfined";
    H(o).SecurityOpt.push("apparmor=unconfined");
  },
  { "apparmor-profile": "fail" },
);
compose(
  "apparmor-unconfined",
  (s) => {
    s.security_opt[1] = "apparmor:unconfined";
  },
  { "apparmor-profile": "fail" },
);
compose(
  "apparmor-unset",
  (s) => {
    s.security_opt.splice(1, 1);
  },
  { "apparmor-profile": "pass" },
);
k8s(
  "apparmor-unconfined",
  (c) => {
    c.securityContext.appArmorProfile.type = "Unconfined";
  },
  { "apparmor-profile": "fail" },
);
k8s(
  "apparmor-annotation-unconfined",
  (c, p, o) => {
    delete c.securityContext.appArmorProfile;
    o.spec.template.metadata.annotations = { "container.apparmor.security.beta.kubernetes.io/app": "unconfined" };
  },
  { "apparmor-profile": "fail" },
);
// selinux-options
inspect(
  "selinux-unset",
  (o) => {
    H(o).SecurityOpt = ["no-new-privileges:true"];
  },
  { "selinux-options": "fail" },
);
inspect(
  "selinux-disabled",
  (o) => {
    H(o).SecurityOpt = ["no-new-privileges:true", "label=disable"];
  },
  { "selinux-options": "fail" },
);
compose(
  "selinux-unset",
  (s) => {
    s.security_opt.pop();
  },
  { "selinux-options": "fail" },
);
k8s(
  "selinux-unset",
  (c, p) => {
    delete p.securityContext.seLinuxOptions;
  },
  { "selinux-options": "fail" },
);
// capabilities
inspect(
  "cap-add-sys-admin",
  (o) => {
    H(o).CapAdd = ["SYS_ADMIN"];
  },
  { "added-capabilities": "fail", "drop-all-capabilities": "pass" },
);
inspect(
  "cap-add-default-after-drop-all",
  (o) => {
    H(o).CapAdd = ["CAP_NET_BIND_SERVICE"];
  },
  { "added-capabilities": "pass", "drop-all-capabilities": "pass" },
);
inspect(
  "cap-drop-unset",
  (o) => {
    H(o).CapDrop = null;
  },
  { "drop-all-capabilities": "fail", "added-capabilities": "pass" },
);
compose(
  "cap-add-ptrace",
  (s) => {
    s.cap_add = ["CAP_SYS_PTRACE"];
  },
  { "added-capabilities": "fail" },
);
compose(
  "cap-add-all",
  (s) => {
    s.cap_add = ["ALL"];
  },
  { "added-capabilities": "fail" },
);
compose(
  "cap-drop-unset",
  (s) => {
    delete s.cap_drop;
  },
  { "drop-all-capabilities": "fail" },
);
k8s(
  "cap-add-net-admin",
  (c) => {
    c.securityContext.capabilities.add = ["NET_ADMIN"];
  },
  { "added-capabilities": "fail" },
);
k8s(
  "cap-drop-partial",
  (c) => {
    c.securityContext.capabilities.drop = ["NET_RAW"];
  },
  { "drop-all-capabilities": "fail" },
);
// privileged
inspect(
  "privileged",
  (o) => {
    H(o).Privileged = true;
  },
  { privileged: "fail" },
);
compose(
  "privileged",
  (s) => {
    s.privileged = true;
  },
  { privileged: "fail" },
);
compose(
  "privileged-false",
  (s) => {
    s.privileged = false;
  },
  { privileged: "pass" },
);
k8s(
  "privileged",
  (c) => {
    c.securityContext.privileged = true;
  },
  { privileged: "fail", "no-new-privileges": "fail" },
);
// sensitive-host-mounts
inspect(
  "mount-etc-rw",
  (o) => {
    o.Mounts.push({ Type: "bind", Source: "/etc", Destination: "/host/etc", Mode: "", RW: true, Propagation: "rprivate" });
  },
  { "sensitive-host-mounts": "fail" },
);
inspect(
  "mount-root-ro",
  (o) => {
    o.Mounts.push({ Type: "bind", Source: "/", Destination: "/host", Mode: "ro", RW: false, Propagation: "rprivate" });
  },
  { "sensitive-host-mounts": "pass" },
);
compose(
  "mount-root-rw",
  (s) => {
    s.volumes.push("/:/host");
  },
  { "sensitive-host-mounts": "fail" },
);
compose(
  "mount-zoneinfo-ro",
  (s) => {
    s.volumes.push("/usr/share/zoneinfo:/usr/share/zoneinfo:ro");
  },
  { "sensitive-host-mounts": "pass" },
);
k8s(
  "hostpath-proc",
  (c, p) => {
    p.volumes.push({ name: "proc", hostPath: { path: "/proc" } });
    c.volumeMounts.push({ name: "proc", mountPath: "/host/proc" });
  },
  { "sensitive-host-mounts": "fail" },
);
// privileged-ports + needed-ports-only
inspect(
  "port-80",
  (o) => {
    const b = [{ HostIp: "127.0.0.1", HostPort: "80" }];
    H(o).PortBindings = { "8080/tcp": b };
    o.NetworkSettings.Ports = { "8080/tcp": b };
  },
  { "privileged-ports": "fail" },
);
inspect(
  "no-ports",
  (o) => {
    H(o).PortBindings = {};
    o.NetworkSettings.Ports = { "8080/tcp": null };
  },
  { "needed-ports-only": "pass", "privileged-ports": "pass", "bind-host-interface": "pass" },
);
compose(
  "port-443",
  (s) => {
    s.ports = ["127.0.0.1:443:8443"];
  },
  { "privileged-ports": "fail" },
);
compose(
  "port-container-only",
  (s) => {
    s.ports = ["80"];
  },
  { "privileged-ports": "pass", "bind-host-interface": "fail" },
);
k8s(
  "hostport-80",
  (c) => {
    c.ports = [{ containerPort: 8080, hostPort: 80, hostIP: "127.0.0.1" }];
  },
  { "privileged-ports": "fail" },
);
k8s(
  "containerport-only",
  (c) => {
    c.ports = [{ containerPort: 80 }];
  },
  { "privileged-ports": "pass", "bind-host-interface": "pass", "needed-ports-only": "pass" },
);
// bind-host-interface (IPv6 wildcards included)
inspect(
  "bind-empty-hostip",
  (o) => {
    H(o).PortBindings = { "8080/tcp": [{ HostIp: "", HostPort: "8080" }] };
    o.NetworkSettings.Ports = {};
  },
  { "bind-host-interface": "fail" },
);
inspect(
  "bind-live-wildcards",
  (o) => {
    o.NetworkSettings.Ports = {
      "8080/tcp": [
        { HostIp: "0.0.0.0", HostPort: "8080" },
        { HostIp: "::", HostPort: "8080" },
      ],
    };
    H(o).PortBindings = { "8080/tcp": [{ HostIp: "", HostPort: "8080" }] };
  },
  { "bind-host-interface": "fail" },
);
inspect(
  "bind-ipv6-wildcard",
  (o) => {
    const b = [{ HostIp: "::", HostPort: "8080" }];
    H(o).PortBindings = { "8080/tcp": b };
    o.NetworkSettings.Ports = { "8080/tcp": b };
  },
  { "bind-host-interface": "fail" },
);
inspect(
  "bind-ipv6-loopback",
  (o) => {
    const b = [{ HostIp: "::1", HostPort: "8080" }];
    H(o).PortBindings = { "8080/tcp": b };
    o.NetworkSettings.Ports = { "8080/tcp": b };
  },
  { "bind-host-interface": "pass" },
);
inspect(
  "publish-all",
  (o) => {
    H(o).PublishAllPorts = true;
  },
  { "bind-host-interface": "fail" },
);
compose(
  "bind-no-ip",
  (s) => {
    s.ports = ["8080:8080"];
  },
  { "bind-host-interface": "fail" },
);
compose(
  "bind-ipv6-bracketed",
  (s) => {
    s.ports = ["[::]:8080:8080"];
  },
  { "bind-host-interface": "fail" },
);
compose(
  "bind-ipv6-bare",
  (s) => {
    s.ports = [":::8080:8080"];
  },
  { "bind-host-interface": "fail" },
);
compose(
  "bind-ipv6-loopback",
  (s) => {
    s.ports = ["::1:8080:8080"];
  },
  { "bind-host-interface": "pass" },
);
compose(
  "bind-long-ipv6",
  (s) => {
    s.ports = [{ target: 8080, published: "8080", host_ip: "::", protocol: "tcp" }];
  },
  { "bind-host-interface": "fail" },
);
compose(
  "bind-long-specific",
  (s) => {
    s.ports = [{ target: 8080, published: 8080, host_ip: "10.0.0.5" }];
  },
  { "bind-host-interface": "pass" },
);
k8s(
  "hostport-no-hostip",
  (c) => {
    delete c.ports[0].hostIP;
  },
  { "bind-host-interface": "fail" },
);
k8s(
  "hostport-ipv6-wildcard",
  (c) => {
    c.ports[0].hostIP = "::";
  },
  { "bind-host-interface": "fail" },
);
// memory-limit
inspect(
  "memory-unlimited",
  (o) => {
    H(o).Memory = 0;
  },
  { "memory-limit": "fail" },
);
compose(
  "memory-unset",
  (s) => {
    delete s.mem_limit;
  },
  { "memory-limit": "fail" },
);
compose(
  "memory-deploy-limit",
  (s) => {
    delete s.mem_limit;
    s.deploy = { resources: { limits: { memory: "512M" } } };
  },
  { "memory-limit": "pass" },
);
k8s(
  "memory-unset",
  (c) => {
    delete c.resources.limits.memory;
  },
  { "memory-limit": "fail" },
);
// cpu-priority
inspect(
  "cpu-unset",
  (o) => {
    H(o).CpuShares = 0;
    H(o).NanoCpus = 0;
  },
  { "cpu-priority": "fail" },
);
inspect(
  "cpu-default-shares",
  (o) => {
    H(o).CpuShares = 1024;
    H(o).NanoCpus = 0;
  },
  { "cpu-priority": "fail" },
);
inspect(
  "cpu-quota-only",
  (o) => {
    H(o).CpuShares = 0;
    H(o).NanoCpus = 0;
    H(o).CpuQuota = 50000;
    H(o).CpuPeriod = 100000;
  },
  { "cpu-priority": "pass" },
);
compose(
  "cpu-unset",
  (s) => {
    delete s.cpus;
  },
  { "cpu-priority": "fail" },
);
compose(
  "cpu-shares",
  (s) => {
    delete s.cpus;
    s.cpu_shares = 512;
  },
  { "cpu-priority": "pass" },
);
k8s(
  "cpu-unset",
  (c) => {
    delete c.resources.limits.cpu;
    delete c.resources.requests.cpu;
  },
  { "cpu-priority": "fail" },
);
k8s(
  "cpu-request-only",
  (c) => {
    delete c.resources.limits.cpu;
  },
  { "cpu-priority": "pass" },
);
// read-only-rootfs
inspect(
  "rootfs-writable",
  (o) => {
    H(o).ReadonlyRootfs = false;
  },
  { "read-only-rootfs": "fail" },
);
compose(
  "rootfs-unset",
  (s) => {
    delete s.read_only;
  },
  { "read-only-rootfs": "fail" },
);
k8s(
  "rootfs-unset",
  (c) => {
    delete c.securityContext.readOnlyRootFilesystem;
  },
  { "read-only-rootfs": "fail" },
);
// restart-policy
inspect(
  "restart-always",
  (o) => {
    H(o).RestartPolicy = { Name: "always", MaximumRetryCount: 0 };
  },
  { "restart-policy": "fail" },
);
inspect(
  "restart-on-failure-unbounded",
  (o) => {
    H(o).RestartPolicy = { Name: "on-failure", MaximumRetryCount: 0 };
  },
  { "restart-policy": "fail" },
);
inspect(
  "restart-on-failure-10",
  (o) => {
    H(o).RestartPolicy = { Name: "on-failure", MaximumRetryCount: 10 };
  },
  { "restart-policy": "fail" },
);
inspect(
  "restart-no",
  (o) => {
    H(o).RestartPolicy = { Name: "no", MaximumRetryCount: 0 };
  },
  { "restart-policy": "pass" },
);
compose(
  "restart-unless-stopped",
  (s) => {
    s.restart = "unless-stopped";
  },
  { "restart-policy": "fail" },
);
compose(
  "restart-on-failure-3",
  (s) => {
    s.restart = "on-failure:3";
  },
  { "restart-policy": "pass" },
);
compose(
  "restart-deploy-10",
  (s) => {
    delete s.restart;
    s.deploy = { restart_policy: { condition: "on-failure", max_attempts: 10 } };
  },
  { "restart-policy": "fail" },
);
// namespaces
inspect(
  "host-network",
  (o) => {
    H(o).NetworkMode = "host";
  },
  { "host-network": "fail" },
);
inspect(
  "host-pid",
  (o) => {
    H(o).PidMode = "host";
  },
  { "host-pid": "fail" },
);
inspect(
  "pid-other-container",
  (o) => {
    H(o).PidMode = "container:db";
  },
  { "host-pid": "pass" },
);
inspect(
  "host-ipc",
  (o) => {
    H(o).IpcMode = "host";
  },
  { "host-ipc": "fail" },
);
inspect(
  "host-uts",
  (o) => {
    H(o).UTSMode = "host";
  },
  { "host-uts": "fail" },
);
inspect(
  "host-userns",
  (o) => {
    H(o).UsernsMode = "host";
  },
  { "host-userns": "fail" },
);
compose(
  "host-network",
  (s) => {
    s.network_mode = "host";
  },
  { "host-network": "fail" },
);
compose(
  "host-pid",
  (s) => {
    s.pid = "host";
  },
  { "host-pid": "fail" },
);
compose(
  "host-ipc",
  (s) => {
    s.ipc = "host";
  },
  { "host-ipc": "fail" },
);
compose(
  "host-uts",
  (s) => {
    s.uts = "host";
  },
  { "host-uts": "fail" },
);
compose(
  "host-userns",
  (s) => {
    s.userns_mode = "host";
  },
  { "host-userns": "fail" },
);
k8s(
  "host-network",
  (c, p) => {
    p.hostNetwork = true;
  },
  { "host-network": "fail", "host-uts": "fail" },
);
k8s(
  "host-pid",
  (c, p) => {
    p.hostPID = true;
  },
  { "host-pid": "fail" },
);
k8s(
  "host-ipc",
  (c, p) => {
    p.hostIPC = true;
  },
  { "host-ipc": "fail" },
);
k8s(
  "host-users",
  (c, p) => {
    p.hostUsers = true;
  },
  { "host-userns": "fail" },
);
// host-devices
inspect(
  "devices",
  (o) => {
    H(o).Devices = [{ PathOnHost: "/dev/fuse", PathInContainer: "/dev/fuse", CgroupPermissions: "rwm" }];
  },
  { "host-devices": "fail" },
);
compose(
  "devices",
  (s) => {
    s.devices = ["/dev/ttyUSB0:/dev/ttyUSB0"];
  },
  { "host-devices": "fail" },
);
k8s(
  "hostpath-device",
  (c, p) => {
    p.volumes.push({ name: "kmsg", hostPath: { path: "/dev/kmsg", type: "CharDevice" } });
    c.volumeMounts.push({ name: "kmsg", mountPath: "/dev/kmsg", readOnly: true });
  },
  { "host-devices": "fail" },
);
// default-ulimits (manual either way)
inspect(
  "ulimits",
  (o) => {
    H(o).Ulimits = [{ Name: "nofile", Soft: 1024, Hard: 2048 }];
  },
  { "default-ulimits": "manual" },
);
compose(
  "ulimits",
  (s) => {
    s.ulimits = { nproc: 65535, nofile: { soft: 20000, hard: 40000 } };
  },
  { "default-ulimits": "manual" },
);
// mount-propagation
inspect(
  "propagation-rshared",
  (o) => {
    o.Mounts[0].Propagation = "rshared";
  },
  { "mount-propagation": "fail" },
);
compose(
  "propagation-short-rshared",
  (s) => {
    s.volumes = ["/srv/data:/data:rshared"];
  },
  { "mount-propagation": "fail" },
);
compose(
  "propagation-long-shared",
  (s) => {
    s.volumes = [{ type: "bind", source: "/srv/data", target: "/data", bind: { propagation: "shared" } }];
  },
  { "mount-propagation": "fail" },
);
compose(
  "propagation-long-slave",
  (s) => {
    s.volumes = [{ type: "bind", source: "/srv/data", target: "/data", bind: { propagation: "rslave" } }];
  },
  { "mount-propagation": "pass" },
);
k8s(
  "propagation-bidirectional",
  (c) => {
    c.volumeMounts[0].mountPropagation = "Bidirectional";
  },
  { "mount-propagation": "fail" },
);
// seccomp-unconfined
inspect(
  "seccomp-unconfined",
  (o) => {
    H(o).SecurityOpt.push("seccomp=unconfined");
  },
  { "seccomp-unconfined": "fail" },
);
inspect(
  "seccomp-custom",
  (o) => {
    H(o).SecurityOpt.push("seccomp=/etc/docker/seccomp/web.json");
  },
  { "seccomp-unconfined": "pass" },
);
compose(
  "seccomp-unconfined",
  (s) => {
    s.security_opt.push("seccomp:unconfined");
  },
  { "seccomp-unconfined": "fail" },
);
k8s(
  "seccomp-unconfined",
  (c) => {
    c.securityContext.seccompProfile = { type: "Unconfined" };
  },
  { "seccomp-unconfined": "fail" },
);
k8s(
  "seccomp-unset",
  (c, p) => {
    delete p.securityContext.seccompProfile;
  },
  { "seccomp-unconfined": "fail" },
);
// cgroup-parent
inspect(
  "cgroup-parent",
  (o) => {
    H(o).CgroupParent = "/custom-parent";
  },
  { "cgroup-parent": "fail" },
);
compose(
  "cgroup-parent",
  (s) => {
    s.cgroup_parent = "m-executor-abcd";
  },
  { "cgroup-parent": "fail" },
);
// no-new-privileges
inspect(
  "nnp-unset",
  (o) => {
    H(o).SecurityOpt = ["label=type:container_t"];
  },
  { "no-new-privileges": "fail" },
);
inspect(
  "nnp-false",
  (o) => {
    H(o).SecurityOpt = ["no-new-privileges:false", "label=type:container_t"];
  },
  { "no-new-privileges": "fail" },
);
compose(
  "nnp-unset",
  (s) => {
    s.security_opt.shift();
  },
  { "no-new-privileges": "fail" },
);
compose(
  "nnp-bare",
  (s) => {
    s.security_opt[0] = "no-new-privileges";
  },
  { "no-new-privileges": "pass" },
);
k8s(
  "ape-true",
  (c) => {
    c.securityContext.allowPrivilegeEscalation = true;
  },
  { "no-new-privileges": "fail" },
);
k8s(
  "ape-unset",
  (c) => {
    delete c.securityContext.allowPrivilegeEscalation;
  },
  { "no-new-privileges": "fail" },
);
// healthcheck-at-runtime
inspect(
  "healthcheck-none",
  (o) => {
    delete o.Config.Healthcheck;
    delete o.State.Health;
  },
  { "healthcheck-at-runtime": "fail" },
);
inspect(
  "healthcheck-disabled",
  (o) => {
    o.Config.Healthcheck = { Test: ["NONE"] };
    delete o.State.Health;
  },
  { "healthcheck-at-runtime": "fail" },
);
compose(
  "healthcheck-none",
  (s) => {
    delete s.healthcheck;
  },
  { "healthcheck-at-runtime": "fail" },
);
compose(
  "healthcheck-disabled",
  (s) => {
    s.healthcheck = { disable: true };
  },
  { "healthcheck-at-runtime": "fail" },
);
k8s(
  "probes-none",
  (c) => {
    delete c.livenessProbe;
  },
  { "healthcheck-at-runtime": "fail" },
);
k8s(
  "readiness-only",
  (c) => {
    delete c.livenessProbe;
    c.readinessProbe = { tcpSocket: { port: 8080 } };
  },
  { "healthcheck-at-runtime": "pass" },
);
// pids-limit
inspect(
  "pids-unset",
  (o) => {
    H(o).PidsLimit = null;
  },
  { "pids-limit": "fail" },
);
inspect(
  "pids-unlimited",
  (o) => {
    H(o).PidsLimit = -1;
  },
  { "pids-limit": "fail" },
);
compose(
  "pids-unset",
  (s) => {
    delete s.pids_limit;
  },
  { "pids-limit": "fail" },
);
compose(
  "pids-deploy",
  (s) => {
    delete s.pids_limit;
    s.deploy = { resources: { limits: { pids: 200 } } };
  },
  { "pids-limit": "pass" },
);
// docker-socket-mount
inspect(
  "docker-socket",
  (o) => {
    o.Mounts.push({ Type: "bind", Source: "/var/run/docker.sock", Destination: "/var/run/docker.sock", Mode: "", RW: true, Propagation: "rprivate" });
  },
  { "docker-socket-mount": "fail" },
);
compose(
  "docker-socket-ro",
  (s) => {
    s.volumes.push("/var/run/docker.sock:/var/run/docker.sock:ro");
  },
  { "docker-socket-mount": "fail" },
);
compose(
  "named-volume-docker-sock-name",
  (s, o) => {
    s.volumes.push("docker.sock:/data");
    o.volumes = { "docker.sock": {} };
  },
  { "docker-socket-mount": "pass" },
);
k8s(
  "hostpath-docker-socket",
  (c, p) => {
    p.volumes.push({ name: "sock", hostPath: { path: "/var/run/docker.sock", type: "Socket" } });
    c.volumeMounts.push({ name: "sock", mountPath: "/var/run/docker.sock" });
  },
  { "docker-socket-mount": "fail" },
);

for (const [file, text] of Object.entries(files)) {
  mkdirSync(dirname(join(here, file)), { recursive: true });
  writeFileSync(join(here, file), text);
}
writeFileSync(join(here, "want.json"), JSON.stringify(want, null, 2) + "\n");
console.log(`${Object.keys(files).length} files`);
