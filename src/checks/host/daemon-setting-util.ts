import type { CheckRule } from "../../contracts/check-rule.js";
import type { CheckOutcome, Evidence } from "../../core/check.js";
import { FLAG_TO_KEY } from "./dockerd-flags-util.js";
import type { HostSnapshot } from "./input.js";
import { abs, fail, hostRule, pass, SECTION_DAEMON, skip, type HostRuleMeta } from "./rule-util.js";

/** One place a daemon setting is made: a daemon.json key or a dockerd flag occurrence. */
export interface SettingValue {
  readonly source: "daemon.json" | "flag";
  readonly file: string;
  readonly line: number | undefined;
  /** daemon.json key or `--flag` as written. */
  readonly key: string;
  /** JSON value, or the flag's string value (`true` for a bare boolean flag). */
  readonly value: unknown;
}

function lineOf(text: string, key: string): number | undefined {
  const re = new RegExp(`"${key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"\\s*:`);
  const i = text.split(/\r?\n/).findIndex((l) => re.test(l));
  return i < 0 ? undefined : i + 1;
}

/** Every place `key` (daemon.json) or its flag (derived name unless given) is set. */
export function settingValues(s: HostSnapshot, key: string, flag?: string): SettingValue[] {
  const out: SettingValue[] = [];
  const c = s.daemonConfig;
  if (c.status === "ok" && key in c.values) out.push({ source: "daemon.json", file: c.path, line: lineOf(c.text, key), key, value: c.values[key] });
  const flagName = flag ?? Object.entries(FLAG_TO_KEY).find(([, k]) => k === key)?.[0] ?? key;
  for (const f of s.dockerd?.flags ?? []) {
    if (f.name === flagName) out.push({ source: "flag", file: f.file, line: f.line, key: `--${f.name}`, value: f.value ?? true });
  }
  return out;
}

/** Reads a boolean the way dockerd does: JSON booleans, and `true`/`false`/`1`/`0` for flags. */
export function boolValue(v: unknown): boolean | undefined {
  if (typeof v === "boolean") return v;
  if (typeof v === "string") {
    if (/^(true|1|t)$/i.test(v)) return true;
    if (/^(false|0|f)$/i.test(v)) return false;
  }
  return undefined;
}

export function show(v: unknown): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}

/** A note when a directive is set both ways: dockerd refuses to start in that case. */
export function conflictNote(values: readonly SettingValue[]): string | undefined {
  const file = values.some((v) => v.source === "daemon.json");
  const flag = values.some((v) => v.source === "flag");
  return file && flag ? "set both in daemon.json and as a dockerd flag: dockerd refuses to start with a directive given both ways" : undefined;
}

export function evidenceOf(v: SettingValue, detail?: string): Evidence {
  const e: { file: string; key: string; value: string; line?: number; detail?: string } = { file: abs(v.file), key: v.key, value: show(v.value) };
  if (v.line !== undefined && v.line > 0) e.line = v.line;
  const d = [detail, conflictNote([v])].filter(Boolean).join("; ");
  if (d !== "") e.detail = d;
  return e;
}

/** Evidence for each value plus the conflict note, so a failing setting points at every place it is made. */
export function evidenceAll(values: readonly SettingValue[], detail: string, all: readonly SettingValue[] = values): Evidence[] {
  const note = conflictNote(all);
  return values.map((v) => evidenceOf(v, note === undefined ? detail : `${detail}; ${note}`));
}

/**
 * A daemon rule can decide only from a readable configuration: invalid daemon.json means the
 * daemon would not start with it, so nothing is guessed; no daemon.json and no unit means
 * there is no docker daemon configuration in this snapshot.
 */
export function daemonGate(s: HostSnapshot): CheckOutcome | null {
  if (s.daemonConfig.status === "invalid") return skip(`a valid ${abs(s.daemonConfig.path)} (${s.daemonConfig.detail})`);
  if (s.daemonConfig.status === "absent" && s.dockerd === null) {
    return skip("docker daemon configuration: neither /etc/docker/daemon.json nor a docker.service unit or /etc/default/docker, /etc/sysconfig/docker");
  }
  return null;
}

/** Source description for pass details: which inputs were consulted. */
export function consulted(s: HostSnapshot): string {
  const parts: string[] = [];
  if (s.daemonConfig.status === "ok") parts.push(abs(s.daemonConfig.path));
  if (s.dockerd !== null) parts.push(`dockerd arguments from ${abs(s.dockerd.source)}`);
  return parts.join(" and ");
}

/** Flattens list-valued settings (`insecure-registries: [...]`, repeated `--insecure-registry`). */
export function listItems(values: readonly SettingValue[]): { item: string; from: SettingValue }[] {
  return values.flatMap((v) => (Array.isArray(v.value) ? v.value.map((x) => ({ item: show(x), from: v })) : [{ item: show(v.value), from: v }]));
}

/** A §2 rule: gated on a readable daemon configuration, then decided from the settings. */
export function daemonRule(
  meta: Omit<HostRuleMeta, "section" | "needs"> & { key: string; flag?: string },
  decide: (values: SettingValue[], s: HostSnapshot) => CheckOutcome,
): CheckRule<HostSnapshot> {
  const flag = meta.flag ?? Object.entries(FLAG_TO_KEY).find(([, k]) => k === meta.key)?.[0] ?? meta.key;
  return hostRule(
    {
      ...meta,
      section: SECTION_DAEMON,
      needs: [
        `etc/docker/daemon.json key "${meta.key}"`,
        `dockerd flag --${flag} (docker.service ExecStart and drop-ins, /etc/default/docker, /etc/sysconfig/docker)`,
      ],
    },
    (s) => daemonGate(s) ?? decide(settingValues(s, meta.key, flag), s),
  );
}

/** Evidence that a setting is missing: point at daemon.json, where it would be set. */
export function unsetEvidence(s: HostSnapshot, key: string, detail: string): Evidence {
  return { file: abs(s.daemonConfig.path), key, detail };
}

/** A boolean directive that must end up `want`; `dflt` is dockerd's default when unset. */
export function boolDecision(s: HostSnapshot, values: readonly SettingValue[], key: string, want: boolean, dflt: boolean): CheckOutcome {
  if (values.length === 0) {
    return dflt === want
      ? pass(`${key} not set; dockerd's default (${dflt}) applies (${consulted(s)})`)
      : fail(unsetEvidence(s, key, `not set; dockerd's default is ${dflt}, want ${want}`));
  }
  const bad = values.filter((v) => boolValue(v.value) !== want);
  if (bad.length > 0) return fail(...evidenceAll(bad, `want ${want}`, values));
  const note = conflictNote(values);
  return pass(`${key} is ${want} in ${values.map((v) => abs(v.file)).join(", ")}${note ? `; ${note}` : ""}`);
}
