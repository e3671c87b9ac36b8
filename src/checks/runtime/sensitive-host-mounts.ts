import type { CheckRule } from "../../contracts/check-rule.js";
import type { RuntimeCheckInput } from "./input.js";
import { perContainer, RUNTIME_SECTION, verdict, type Finding } from "./rule-util.js";

const SENSITIVE = ["/boot", "/dev", "/etc", "/lib", "/proc", "/sys", "/usr"];

/** `/` itself, a listed directory, or anything below one (docker-bench only matches the exact directory). */
export function isSensitiveHostPath(path: string): boolean {
  const p = path.replace(/\/+$/, "") || "/";
  return p === "/" || SENSITIVE.some((d) => p === d || p.startsWith(`${d}/`));
}

/** CIS 5.6: as docker-bench, a sensitive directory fails when mounted read-write (the default). */
export const sensitiveHostMounts: CheckRule<RuntimeCheckInput> = {
  id: "sensitive-host-mounts",
  group: "runtime",
  benchmarkIds: { "1.6.0": "5.6" },
  references: ["KSV023"],
  title: "Ensure sensitive host system directories are not mounted on containers",
  section: RUNTIME_SECTION,
  level: 1,
  severity: "high",
  needs: ["inspect Mounts / compose volumes / pod hostPath volumes"],
  remediation: "Do not bind-mount /, /boot, /dev, /etc, /lib, /proc, /sys or /usr (or paths below them) read-write; mount only what is needed, read-only.",
  evaluate(input) {
    return perContainer(input, (c) => {
      const findings: Finding[] = c.mounts
        .filter((m) => (m.kind === "bind" || m.kind === "host-path") && m.source !== null && isSensitiveHostPath(m.source) && m.readOnly !== true)
        .map((m) => ({ at: m.at, detail: `host ${m.source} mounted read-write at ${m.target ?? "?"}` }));
      return verdict(findings);
    });
  },
};
