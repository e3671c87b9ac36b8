import type { CheckRule } from "../../contracts/check-rule.js";
import type { Evidence } from "../../core/check.js";
import { historySteps } from "./history-util.js";
import { type ImageCheckInput, isEmptyTree } from "./input.js";
import { fileSecretHits, isSecretCandidate, isThirdPartyPath } from "./secret-files-util.js";
import { configSecretEvidence, historySecretEvidence } from "./secret-sources-util.js";
import { CIS_SECTION } from "./section-util.js";

/**
 * CIS 4.10: no secrets in the image. Looks at ENV, labels, the build history (ENV/ARG/LABEL,
 * RUN commands and build args) and the content of credential-shaped files. Values are judged by
 * known formats and by name plus value (see secret-util.ts); file *names* alone are not
 * evidence (Dockle's `credentials.json` name match is its most complained-about false positive).
 */
export const secrets: CheckRule<ImageCheckInput> = {
  id: "secrets",
  group: "image",
  benchmarkIds: { "1.6.0": "4.10" },
  references: ["CIS-DI-0010", "DS031", "DL3064"],
  title: "Ensure secrets are not stored in Dockerfiles",
  section: CIS_SECTION,
  level: 1,
  severity: "critical",
  needs: ["image config: Env, Labels, history", "content of credential-shaped files (.env, .npmrc, *.pem, *.key, .docker/config.json, …)"],
  remediation:
    "Remove the secret from the image and rotate it. Pass secrets at run time (environment, mounted files, `*_FILE` variables) or with BuildKit `RUN --mount=type=secret`, never with ENV, ARG or COPY.",
  evaluate(input) {
    if (input.config === null && isEmptyTree(input.tree)) return { status: "skip", missing: "image config and filesystem" };
    const evidence: Evidence[] = [];
    if (input.config !== null) {
      evidence.push(...configSecretEvidence(input.config));
      evidence.push(...historySecretEvidence(historySteps(input.config), input.config));
    }
    for (const e of input.tree.entries()) {
      if (e.type !== "file" || !isSecretCandidate(e.path) || isThirdPartyPath(e.path)) continue;
      const content = input.tree.read(e.path);
      if (content === undefined) continue;
      for (const h of fileSecretHits(e.path, content.toString("utf8"))) {
        evidence.push({ file: e.path, ...(h.name === undefined ? {} : { key: h.name }), value: h.preview, detail: h.kind });
      }
    }
    return evidence.length > 0 ? { status: "fail", evidence } : { status: "pass" };
  },
};
