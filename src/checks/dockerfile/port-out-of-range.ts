import type { CheckRule } from "../../contracts/check-rule.js";
import type { DockerfileInput } from "./input.js";
import { parsePortSpec } from "./port-22.js";
import { BEST_PRACTICE_SECTION, evidenceOf, verdict } from "./rule-util.js";
import { hasVariable } from "./words-util.js";

/** Trivy DS008, hadolint DL3011. */
export const portOutOfRange: CheckRule<DockerfileInput> = {
  id: "dockerfile-port-out-of-range",
  group: "dockerfile",
  benchmarkIds: {},
  references: ["DS008", "DL3011"],
  title: "EXPOSE ports are within 0-65535",
  section: BEST_PRACTICE_SECTION,
  level: 1,
  severity: "critical",
  needs: ["Dockerfile: EXPOSE instructions (after ARG/ENV substitution)"],
  remediation: "Expose only valid ports (0-65535), optionally with /tcp or /udp.",
  evaluate(input) {
    const evidence = input.instructions
      .filter((i) => i.keyword === "EXPOSE")
      .flatMap((i) =>
        i.args.flatMap((spec, n) => {
          // A port from a build argument without default cannot be judged here.
          if (spec === "") return [];
          const p = parsePortSpec(spec);
          if (p === null) return hasVariable(i.rawArgs[n] ?? "") ? [] : [evidenceOf(input, i, `'${spec}' is not a port`)];
          return p.to > 65535 || p.from > p.to ? [evidenceOf(input, i, `'${spec}' is outside 0-65535`)] : [];
        }),
      );
    return verdict(evidence);
  },
};
