import type { CheckRule } from "../../contracts/check-rule.js";
import type { Evidence } from "../../core/check.js";
import { clip, firstLayerStep, historySteps } from "./history-util.js";
import type { ImageCheckInput } from "./input.js";
import { CIS_SECTION, CONFIG_MISSING } from "./section-util.js";

/**
 * CIS 4.9: COPY rather than ADD. The first layer of most images is the base rootfs, which the
 * builder records as `ADD file:… in /` even though no user wrote an ADD; it is not counted
 * (Dockle drops the earliest ADD for the same reason).
 */
export const copyNotAdd: CheckRule<ImageCheckInput> = {
  id: "copy-not-add",
  group: "image",
  benchmarkIds: { "1.6.0": "4.9" },
  references: ["CIS-DI-0009", "DS005", "DL3020"],
  title: "Ensure that COPY is used instead of ADD in Dockerfiles",
  section: CIS_SECTION,
  level: 1,
  severity: "low",
  needs: ["image config: history created_by"],
  remediation: "Use COPY for local files; fetch remote files with curl/wget in a RUN and verify their checksum instead of `ADD URL`.",
  evaluate(input) {
    if (input.config === null) return { status: "skip", missing: CONFIG_MISSING };
    if ((input.config.history ?? []).length === 0) return { status: "skip", missing: "image history (the config has none)" };
    const steps = historySteps(input.config);
    const base = firstLayerStep(steps);
    const evidence: Evidence[] = steps
      .filter((s) => s.instruction === "ADD" && s.index !== base)
      .map((s) => ({ file: "config", key: `history[${s.index}]`, value: clip(s.createdBy), detail: "ADD instruction" }));
    return evidence.length > 0 ? { status: "fail", evidence } : { status: "pass" };
  },
};
