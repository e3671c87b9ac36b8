import type { CheckRule } from "../../contracts/check-rule.js";
import type { RuntimeCheckInput } from "./input.js";
import { perContainer, RUNTIME_SECTION, verdict } from "./rule-util.js";

/** Docker's shared/rshared and Kubernetes' Bidirectional let mounts made in the container appear on the host. */
export function isSharedPropagation(mode: string | null): boolean {
  return mode !== null && /^(r?shared|bidirectional)$/i.test(mode);
}

export const mountPropagation: CheckRule<RuntimeCheckInput> = {
  id: "mount-propagation",
  group: "runtime",
  benchmarkIds: { "1.6.0": "5.20" },
  references: [],
  title: "Ensure mount propagation mode is not set to shared",
  section: RUNTIME_SECTION,
  level: 1,
  severity: "medium",
  needs: ["inspect Mounts[].Propagation / compose volumes bind.propagation or :shared / volumeMounts mountPropagation"],
  remediation: "Use private (`rprivate`, the default) or slave propagation; Kubernetes: None or HostToContainer.",
  evaluate(input) {
    return perContainer(input, (c) =>
      verdict(
        c.mounts
          .filter((m) => isSharedPropagation(m.propagation))
          .map((m) => ({ at: m.at, detail: `mount ${m.target ?? "?"} uses ${m.propagation ?? ""} propagation` })),
      ),
    );
  },
};
