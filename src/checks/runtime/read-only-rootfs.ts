import type { CheckRule } from "../../contracts/check-rule.js";
import type { RuntimeCheckInput } from "./input.js";
import { fail, pass, perContainer, RUNTIME_SECTION } from "./rule-util.js";

export const readOnlyRootfs: CheckRule<RuntimeCheckInput> = {
  id: "read-only-rootfs",
  group: "runtime",
  benchmarkIds: { "1.6.0": "5.13" },
  references: ["KSV014"],
  title: "Ensure that the container's root filesystem is mounted as read only",
  section: RUNTIME_SECTION,
  level: 1,
  severity: "medium",
  needs: ["inspect HostConfig.ReadonlyRootfs / compose read_only / container securityContext.readOnlyRootFilesystem"],
  remediation: "Run with `--read-only` (compose `read_only: true`, Kubernetes `readOnlyRootFilesystem: true`) and mount writable volumes only where needed.",
  evaluate(input) {
    return perContainer(input, (c) =>
      c.readOnlyRootfs?.value === true
        ? pass()
        : fail(c.readOnlyRootfs, c.readOnlyRootfs ? "root filesystem is writable" : "read-only root filesystem not set (default: writable)"),
    );
  },
};
