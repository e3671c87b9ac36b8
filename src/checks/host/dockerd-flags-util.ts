import type { SourcedWord } from "./systemd-util.js";

/** One dockerd command-line flag, normalised to its long name without dashes. */
export interface DockerdFlag {
  readonly name: string;
  /** null for a bare boolean flag (`--live-restore`). */
  readonly value: string | null;
  readonly token: string;
  readonly file: string;
  readonly line: number;
}

/** dockerd's one-letter flags (pflag shorthands) and the long names they stand for. */
const SHORT: Readonly<Record<string, string>> = {
  H: "host",
  l: "log-level",
  D: "debug",
  G: "group",
  p: "pidfile",
  g: "data-root",
  b: "bridge",
  s: "storage-driver",
  v: "version",
  h: "help",
};

/** Deprecated long names that dockerd still maps to a current one. */
const ALIASES: Readonly<Record<string, string>> = { graph: "data-root" };

/** Flags that take no separate value: `--icc false` would make `false` a stray argument. */
const BOOLEAN = new Set([
  "debug",
  "version",
  "help",
  "icc",
  "iptables",
  "ip6tables",
  "ip-forward",
  "ip-masq",
  "ipv6",
  "live-restore",
  "tls",
  "tlsverify",
  "experimental",
  "no-new-privileges",
  "userland-proxy",
  "selinux-enabled",
  "raw-logs",
  "init",
  "rootless",
  "validate",
  "disable-legacy-registry",
  "userns-remap-disabled",
]);

function longName(name: string): string {
  return ALIASES[name] ?? name;
}

/**
 * Parses dockerd arguments (pflag rules, plus old single-dash long flags): `--flag=value`,
 * `--flag value`, `-H value`, `-Hvalue`, `-H=value`, bare booleans; repeated flags are kept in
 * order. Words that are not flags are returned as `stray`.
 */
export function parseDockerdFlags(args: readonly SourcedWord[]): { flags: DockerdFlag[]; stray: SourcedWord[] } {
  const flags: DockerdFlag[] = [];
  const stray: SourcedWord[] = [];
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    const t = w.text;
    const push = (name: string, value: string | null): void => {
      flags.push({ name: longName(name), value, token: t, file: w.file, line: w.line });
    };
    const takeNext = (name: string): void => {
      const next = args[i + 1];
      if (next !== undefined) {
        i++;
        push(name, next.text);
      } else push(name, null);
    };
    if (t === "--") {
      stray.push(...args.slice(i + 1));
      break;
    }
    if (t.startsWith("--") || (t.startsWith("-") && t.length > 2 && SHORT[t[1]!] === undefined)) {
      const body = t.replace(/^--?/, "");
      const eq = body.indexOf("=");
      const name = longName(eq < 0 ? body : body.slice(0, eq));
      if (eq >= 0) push(name, body.slice(eq + 1));
      else if (BOOLEAN.has(name)) push(name, null);
      else takeNext(name);
      continue;
    }
    if (t.startsWith("-") && t.length >= 2) {
      const long = SHORT[t[1]!];
      if (long === undefined) {
        stray.push(w);
        continue;
      }
      const rest = t.slice(2).replace(/^=/, "");
      if (BOOLEAN.has(long)) push(long, rest === "" ? null : rest);
      else if (rest !== "") push(long, rest);
      else takeNext(long);
      continue;
    }
    stray.push(w);
  }
  return { flags, stray };
}

/** The daemon.json key for a dockerd flag: list-valued flags are plural in the file. */
export const FLAG_TO_KEY: Readonly<Record<string, string>> = {
  host: "hosts",
  "insecure-registry": "insecure-registries",
  "default-ulimit": "default-ulimits",
  "authorization-plugin": "authorization-plugins",
  "storage-opt": "storage-opts",
  "log-opt": "log-opts",
  "registry-mirror": "registry-mirrors",
  label: "labels",
  "exec-opt": "exec-opts",
  "add-runtime": "runtimes",
};
