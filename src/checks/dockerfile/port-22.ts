import type { CheckRule } from "../../contracts/check-rule.js";
import type { DockerfileInput } from "./input.js";
import { BEST_PRACTICE_SECTION, evidenceOf, verdict } from "./rule-util.js";

/** `80`, `80/tcp`, `8000-8010/udp` → range and protocol; null when not numeric. */
export function parsePortSpec(spec: string): { from: number; to: number; protocol: string } | null {
  const m = /^(\d+)(?:-(\d+))?(?:\/([a-z]+))?$/i.exec(spec);
  if (!m) return null;
  const from = Number(m[1]);
  return { from, to: m[2] === undefined ? from : Number(m[2]), protocol: (m[3] ?? "tcp").toLowerCase() };
}

/** Trivy DS004: sshd in a container (CIS 5.7) usually starts with exposing 22. */
export const port22: CheckRule<DockerfileInput> = {
  id: "dockerfile-port-22",
  group: "dockerfile",
  benchmarkIds: {},
  references: ["DS004"],
  title: "SSH port 22 is not exposed",
  section: BEST_PRACTICE_SECTION,
  level: 1,
  severity: "medium",
  needs: ["Dockerfile: EXPOSE instructions"],
  remediation: "Do not run sshd in the container; remove `EXPOSE 22` and use `docker exec` for access.",
  evaluate(input) {
    const evidence = input.instructions
      .filter((i) => i.keyword === "EXPOSE")
      .filter((i) =>
        i.args.some((a) => {
          const p = parsePortSpec(a);
          return p !== null && p.protocol === "tcp" && p.from <= 22 && 22 <= p.to;
        }),
      )
      .map((i) => evidenceOf(input, i, "port 22 (ssh) is exposed"));
    return verdict(evidence);
  },
};
