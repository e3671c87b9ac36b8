import type { CheckRule } from "../../contracts/check-rule.js";
import { auditsChanges } from "./audit-util.js";
import type { HostSnapshot } from "./input.js";
import { abs, fail, hostRule, pass, SECTION_HOST, skip, type HostRuleMeta } from "./rule-util.js";

/**
 * An "ensure auditing is configured for X" rule. A rule counts only when its path is X itself
 * (as written or after symlinks): a rule for /etc/docker/daemon.json does not audit /etc/docker,
 * and comments never count. Without a rule, a target absent from the snapshot is a skip, as
 * docker-bench reports INFO for a missing file.
 */
export function auditRule(
  meta: Omit<HostRuleMeta, "section" | "needs" | "remediation" | "severity"> & { severity?: HostRuleMeta["severity"] },
  target: (s: HostSnapshot) => string | null,
  what: string,
): CheckRule<HostSnapshot> {
  return hostRule(
    {
      ...meta,
      severity: meta.severity ?? "low",
      section: SECTION_HOST,
      needs: ["etc/audit/audit.rules", "etc/audit/rules.d/*.rules", `${what} (to know whether it exists)`],
      remediation: `Add an audit rule for ${what}, e.g. \`-w <path> -p wa -k docker\` in /etc/audit/rules.d/docker.rules, then run augenrules --load.`,
    },
    (s) => {
      const path = target(s);
      if (path === null) return skip(what);
      const resolved = s.stat(path)?.path ?? null;
      const matching = s.audit.watches.filter((w) => w.path === path || (resolved !== null && w.resolved === resolved));
      const good = matching.find(auditsChanges);
      if (good) return pass(`audited by ${abs(good.file)}:${good.line}: ${good.text}`);
      if (resolved === null) return skip(`${abs(path)} (not present on this host, and no audit rule for it)`);
      const first = matching[0];
      if (first) {
        return fail({
          file: abs(first.file),
          line: first.line,
          value: first.text,
          detail: `the rule for ${abs(path)} audits only '${first.perms}' access, not writes or attribute changes`,
        });
      }
      const detail =
        s.audit.files.length === 0
          ? `no audit rules found (etc/audit/audit.rules, etc/audit/rules.d/*.rules), so ${abs(path)} is not audited`
          : `no rule in ${s.audit.files.map(abs).join(", ")} watches ${abs(path)}`;
      return fail({ file: abs(path), detail });
    },
  );
}
