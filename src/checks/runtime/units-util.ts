/** Docker byte strings (`512m`, `1g`, `1024k`, `100b`, `1.5gb`, plain numbers) → bytes; null if unreadable. */
export function parseDockerBytes(value: string | number): number | null {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? value : null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgtp]?)(i?b)?\s*$/i.exec(value);
  if (!m) return null;
  const power = "bkmgtp".indexOf((m[2] || "b").toLowerCase());
  return Math.round(Number(m[1]) * 1024 ** power);
}

const K8S_SUFFIX: Readonly<Record<string, number>> = {
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
  Pi: 1024 ** 5,
  Ei: 1024 ** 6,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

/** Kubernetes resource quantities (`128Mi`, `1G`, `500m`, `1e9`) → a plain number; null if unreadable. */
export function parseQuantity(value: string | number): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  const m = /^\s*([+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)\s*(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?\s*$/.exec(value);
  if (!m) return null;
  const factor = K8S_SUFFIX[m[2] ?? ""];
  return factor === undefined ? null : Number(m[1]) * factor;
}

/** First number of `8080` or `8000-8010`; null when empty or unreadable. */
export function parsePortNumber(value: string | number | null): number | null {
  if (value === null) return null;
  if (typeof value === "number") return Number.isInteger(value) ? value : null;
  const m = /^\s*(\d+)(?:\s*-\s*\d+)?\s*$/.exec(value);
  return m ? Number(m[1]) : null;
}

export interface ShortPort {
  readonly hostIp: string | null;
  readonly hostPort: string | null;
  readonly containerPort: string;
  readonly protocol: string;
}

/**
 * Compose short port syntax `[[IP:]HOST:]CONTAINER[/PROTO]`. The host IP may be IPv6, bare
 * (`::1:80:80`, `:::80:80`) or bracketed (`[::]:80:80`), so split from the right.
 */
export function parseShortPort(spec: string): ShortPort | null {
  let rest = spec.trim();
  let protocol = "tcp";
  const slash = rest.lastIndexOf("/");
  if (slash >= 0) {
    protocol = rest.slice(slash + 1).toLowerCase();
    rest = rest.slice(0, slash);
  }
  let hostIp: string | null = null;
  if (rest.startsWith("[")) {
    const close = rest.indexOf("]");
    if (close < 0) return null;
    hostIp = rest.slice(1, close);
    rest = rest.slice(close + 1).replace(/^:/, "");
  }
  const parts = rest.split(":");
  const containerPort = parts.pop();
  if (containerPort === undefined || containerPort === "") return null;
  let hostPort: string | null = null;
  if (parts.length > 0) hostPort = parts.pop() ?? null;
  if (parts.length > 0) {
    if (hostIp !== null) return null;
    hostIp = parts.join(":");
  }
  return { hostIp, hostPort: hostPort === "" ? null : hostPort, containerPort, protocol };
}

/** Docker security options use `key=value`, older releases `key:value`. */
export function splitSecurityOpt(opt: string): { key: string; value: string } {
  const m = /^([^=:]+)[=:](.*)$/.exec(opt.trim());
  return m ? { key: m[1]!.toLowerCase(), value: m[2]! } : { key: opt.trim().toLowerCase(), value: "" };
}

export interface SecurityOpts {
  readonly seccomp: string | null;
  readonly apparmor: string | null;
  readonly labels: readonly string[];
  readonly noNewPrivileges: boolean | null;
}

/**
 * Reads `--security-opt` values. A malformed `label:seccomp:unconfined` (seen in KICS fixtures)
 * is read as disabling seccomp: Docker would refuse it, and a checker should not wave it through.
 */
export function readSecurityOpts(opts: readonly string[]): SecurityOpts {
  let seccomp: string | null = null;
  let apparmor: string | null = null;
  let noNewPrivileges: boolean | null = null;
  const labels: string[] = [];
  for (const opt of opts) {
    const { key, value } = splitSecurityOpt(opt);
    if (key === "seccomp") seccomp = value;
    else if (key === "apparmor") apparmor = value;
    else if (key === "no-new-privileges") noNewPrivileges = value === "" ? true : /^(true|1|yes)$/i.test(value);
    else if (key === "label") {
      if (/^seccomp[:=]unconfined$/i.test(value)) seccomp = "unconfined";
      else labels.push(value);
    }
  }
  return { seccomp, apparmor, labels, noNewPrivileges };
}
