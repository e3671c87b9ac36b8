import type { CheckRule } from "../../contracts/check-rule.js";
import type { HostSnapshot } from "./input.js";
import { daemonRule, evidenceOf, listItems } from "./daemon-setting-util.js";
import { fail, pass } from "./rule-util.js";

/** dockerd always treats 127.0.0.0/8 as insecure; docker-bench #529 flagged that implicit entry. */
const IMPLICIT = new Set(["127.0.0.0/8", "::1/128"]);

export const noInsecureRegistries: CheckRule<HostSnapshot> = daemonRule(
  {
    id: "no-insecure-registries",
    cis: "2.5",
    level: 1,
    severity: "high",
    key: "insecure-registries",
    title: "Ensure insecure registries are not used",
    remediation: 'Remove entries from "insecure-registries" / --insecure-registry and give those registries TLS certificates.',
  },
  (values) => {
    const bad = listItems(values).filter((x) => x.item !== "" && !IMPLICIT.has(x.item));
    return bad.length > 0
      ? fail(...bad.map((b) => ({ ...evidenceOf(b.from, "registry reached without TLS verification"), value: b.item })))
      : pass("no insecure registries configured (the engine's implicit 127.0.0.0/8 is not counted)");
  },
);
