import type { CheckRule } from "../../contracts/check-rule.js";
import type { RuntimeCheckInput } from "./input.js";
import { fail, perContainer, RUNTIME_SECTION, verdict, type Finding } from "./rule-util.js";

/** Empty, `0.0.0.0` and the IPv6 wildcards all listen on every interface (docker-bench misses `::`). */
export function isWildcardHostIp(ip: string | null): boolean {
  if (ip === null) return true;
  const bare = ip.trim().replace(/^\[(.*)\]$/, "$1");
  return bare === "" || bare === "0.0.0.0" || /^(0{0,4}:){2,7}0{0,4}$/.test(bare);
}

/** CIS 5.14. */
export const bindHostInterface: CheckRule<RuntimeCheckInput> = {
  id: "bind-host-interface",
  group: "runtime",
  benchmarkIds: { "1.6.0": "5.14" },
  references: [],
  title: "Ensure that incoming container traffic is bound to a specific host interface",
  section: RUNTIME_SECTION,
  level: 1,
  severity: "medium",
  needs: ["inspect HostConfig.PortBindings or NetworkSettings.Ports HostIp / compose ports host IP / container hostIP"],
  remediation: 'Publish ports on a specific address (`-p 10.0.0.5:8080:8080`, compose `"127.0.0.1:8080:8080"`, Kubernetes `hostIP`), not on 0.0.0.0 or ::.',
  evaluate(input) {
    return perContainer(input, (c) => {
      if (c.publishAll?.value === true) return fail(c.publishAll, "publishes every exposed port on all interfaces (-P)");
      const findings: Finding[] = c.ports
        .filter((p) => isWildcardHostIp(p.hostIp))
        .map((p) => ({
          at: p.at,
          detail: `port ${p.hostPort ?? "(ephemeral)"} bound to all interfaces (${p.hostIp === null || p.hostIp === "" ? "no host IP" : p.hostIp})`,
        }));
      return verdict(findings);
    });
  },
};
