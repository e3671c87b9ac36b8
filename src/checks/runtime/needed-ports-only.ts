import type { CheckRule } from "../../contracts/check-rule.js";
import type { RuntimeCheckInput } from "./input.js";
import { noContainers, RUNTIME_SECTION } from "./rule-util.js";

/** CIS 5.9: only a person knows which ports are needed; with nothing published there is nothing to review. */
export const neededPortsOnly: CheckRule<RuntimeCheckInput> = {
  id: "needed-ports-only",
  group: "runtime",
  benchmarkIds: { "1.6.0": "5.9" },
  references: [],
  title: "Ensure that only needed ports are open on the container",
  section: RUNTIME_SECTION,
  level: 1,
  severity: "low",
  needs: ["inspect port bindings / compose ports / container hostPort", "a person who knows which ports the service needs"],
  remediation: "Publish only the ports the service needs; avoid `-P` / `--publish-all`.",
  evaluate(input) {
    if (input.containers.length === 0) return noContainers(input);
    const published = input.containers.flatMap((c) => [
      ...c.ports.map((p) => `${c.name} ${p.at.text}${p.at.line === null ? "" : ` (line ${p.at.line})`}`),
      ...(c.publishAll?.value === true ? [`${c.name} publishes every exposed port (-P)`] : []),
    ]);
    if (published.length === 0) return { status: "pass", detail: "no container publishes a port on the host" };
    return { status: "manual", instructions: `Confirm each published port is needed: ${published.join("; ")}.` };
  },
};
