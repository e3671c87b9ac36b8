import type { CheckRule } from "../../contracts/check-rule.js";
import type { RuntimeCheckInput } from "./input.js";
import { perContainer, RUNTIME_SECTION, verdict } from "./rule-util.js";

/** The socket itself, or the run directory that contains it. */
export function exposesDockerSocket(source: string): boolean {
  const p = source.replace(/\/+$/, "");
  return /(^|\/)docker\.sock$/.test(p) || p === "/var/run" || p === "/run" || p === "/var/run/docker" || p === "/run/docker";
}

/** CIS 5.32: the engine's socket gives full control of the host. */
export const dockerSocketMount: CheckRule<RuntimeCheckInput> = {
  id: "docker-socket-mount",
  group: "runtime",
  benchmarkIds: { "1.6.0": "5.32" },
  references: [],
  title: "Ensure that the Docker socket is not mounted inside any containers",
  section: RUNTIME_SECTION,
  level: 1,
  severity: "critical",
  needs: ["inspect Mounts / compose volumes / pod hostPath volumes"],
  remediation: "Do not mount /var/run/docker.sock (or /run, /var/run) into containers; a read-only mount does not help, the socket still accepts API calls.",
  evaluate(input) {
    return perContainer(input, (c) =>
      verdict(
        c.mounts
          .filter((m) => m.kind !== "volume" && m.source !== null && exposesDockerSocket(m.source))
          .map((m) => ({ at: m.at, detail: `Docker socket exposed: ${m.source ?? ""} mounted at ${m.target ?? "?"}` })),
      ),
    );
  },
};
