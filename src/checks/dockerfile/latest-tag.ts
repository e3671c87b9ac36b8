import type { CheckRule } from "../../contracts/check-rule.js";
import type { DockerfileInput } from "./input.js";
import { BEST_PRACTICE_SECTION, evidenceOf, NO_STAGE, verdict } from "./rule-util.js";
import { hasVariable } from "./words-util.js";

/** The tag of an image reference; null when untagged. A digest pins the image, so it counts as a tag. */
export function imageTag(ref: string): string | null {
  const at = ref.indexOf("@");
  if (at !== -1) return ref.slice(at + 1);
  const name = ref.slice(ref.lastIndexOf("/") + 1);
  const colon = name.indexOf(":");
  return colon === -1 ? null : name.slice(colon + 1);
}

/** Trivy DS001, hadolint DL3006/DL3007: `latest` moves, so builds are not reproducible. */
export const latestTag: CheckRule<DockerfileInput> = {
  id: "dockerfile-latest-tag",
  group: "dockerfile",
  benchmarkIds: {},
  references: ["DS001", "DL3006", "DL3007", "DKL-DI-0006"],
  title: "Base images are pinned to a tag other than latest",
  section: BEST_PRACTICE_SECTION,
  level: 1,
  severity: "medium",
  needs: ["Dockerfile: FROM images (after global ARG substitution)"],
  remediation: "Pin every FROM image to a version tag or digest, e.g. `FROM debian:12.5` or `@sha256:…`.",
  evaluate(input) {
    if (input.stages.length === 0) return NO_STAGE;
    const unresolved: string[] = [];
    const evidence = input.stages.flatMap((stage) => {
      if (stage.base.kind === "stage" || stage.baseImage.toLowerCase() === "scratch") return [];
      const tag = imageTag(stage.baseImage);
      if (hasVariable(stage.rawBaseImage) && (tag === "" || stage.baseImage === "")) {
        unresolved.push(stage.rawBaseImage);
        return [];
      }
      if (tag === null) return [evidenceOf(input, stage.from, `'${stage.baseImage}' has no tag, which means latest`)];
      if (tag === "latest") return [evidenceOf(input, stage.from, `'${stage.baseImage}' uses the latest tag`)];
      return [];
    });
    const detail = unresolved.length > 0 ? `not decided for ${unresolved.join(", ")}: the tag comes from a build argument without default` : undefined;
    return verdict(evidence, detail);
  },
};
