import type { CheckRule } from "../../contracts/check-rule.js";
import type { Evidence } from "../../core/check.js";
import type { HostFileStat, HostSnapshot } from "./input.js";
import { abs, fail, hostRule, octal, pass, SECTION_FILES, skip, type HostRuleMeta } from "./rule-util.js";

/** What a §3 rule looks at: the files, or why there is nothing to look at. */
export type FileTarget = { readonly files: readonly HostFileStat[] } | { readonly missing: string };

type Meta = Omit<HostRuleMeta, "section" | "needs" | "severity" | "level"> & { severity?: HostRuleMeta["severity"] };

function base(meta: Meta, what: string): HostRuleMeta {
  return { ...meta, level: 1, severity: meta.severity ?? "medium", section: SECTION_FILES, needs: [`owner and mode of ${what}`] };
}

/** The stat of one path, or a skip naming it (docker-bench reports INFO for an absent file). */
export function single(s: HostSnapshot, path: string | null, what: string): FileTarget {
  if (path === null) return { missing: what };
  const st = s.stat(path);
  return st === undefined ? { missing: `${abs(path)} (not present in this snapshot)` } : { files: [st] };
}

export function ownerRule(meta: Meta, what: string, group: "root" | "docker", target: (s: HostSnapshot) => FileTarget): CheckRule<HostSnapshot> {
  return hostRule(base(meta, what), (s) => {
    const t = target(s);
    if ("missing" in t) return skip(t.missing);
    let gid = 0;
    if (group === "docker") {
      if (s.dockerGroup === null) return skip("the docker group in /etc/group (to know its gid)");
      gid = s.dockerGroup.gid;
    }
    const bad: Evidence[] = t.files
      .filter((f) => f.uid !== 0 || f.gid !== gid)
      .map((f) => ({ file: abs(f.path), key: "owner", value: `${f.uid}:${f.gid}`, detail: `want root:${group} (0:${gid})` }));
    return bad.length > 0 ? fail(...bad) : pass(`${t.files.map((f) => abs(f.path)).join(", ")} owned by root:${group}`);
  });
}

/**
 * Mode must have no bit outside `max` (bitmask, never a decimal comparison: 0640 is within 0644,
 * 0611 is not). setuid/setgid/sticky bits are outside every `max` used here, so they fail too.
 */
export function modeRule(meta: Meta, what: string, max: number, target: (s: HostSnapshot) => FileTarget): CheckRule<HostSnapshot> {
  return hostRule(base(meta, what), (s) => {
    const t = target(s);
    if ("missing" in t) return skip(t.missing);
    const bad: Evidence[] = t.files
      .filter((f) => (f.mode & 0o7777 & ~max) !== 0)
      .map((f) => ({ file: abs(f.path), key: "mode", value: octal(f.mode), detail: `bits ${octal(f.mode & ~max)} exceed ${octal(max)}` }));
    return bad.length > 0 ? fail(...bad) : pass(`${t.files.map((f) => `${abs(f.path)} ${octal(f.mode)}`).join(", ")} within ${octal(max)}`);
  });
}

/** The file a TLS setting (`tlscacert`, `tlscert`, `tlskey`) names; skip when TLS is not configured. */
export function tlsTarget(s: HostSnapshot, key: "tlscacert" | "tlscert" | "tlskey"): FileTarget {
  if (s.daemonConfig.status === "invalid") return { missing: `a valid ${abs(s.daemonConfig.path)} (${s.daemonConfig.detail})` };
  const fromFlag = s.dockerd?.flags.findLast((f) => f.name === key)?.value;
  const fromFile = s.daemonConfig.status === "ok" ? s.daemonConfig.values[key] : undefined;
  const path = typeof fromFile === "string" ? fromFile : fromFlag;
  if (path === undefined || path === null) return { missing: `a ${key} setting (TLS is not configured in daemon.json or dockerd flags)` };
  return single(s, path.replace(/^\/+/, ""), key);
}
