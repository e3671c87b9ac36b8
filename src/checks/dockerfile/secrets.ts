import type { Evidence } from "../../core/check.js";
import type { CheckRule } from "../../contracts/check-rule.js";
import { judgeAssignment } from "../image/secret-util.js";
import type { DockerfileInput, Instruction, KeyValue } from "./input.js";
import { CIS_SECTION, finalStage, stageLineage } from "./rule-util.js";

/**
 * Names Trivy DS031 treats as credentials whatever their value: an `ARG GITHUB_TOKEN` receives its
 * value from `--build-arg`, which the image history records.
 */
const CREDENTIAL_NAMES = new Set([
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AZURE_CLIENT_ID",
  "AZURE_CLIENT_SECRET",
  "GITHUB_TOKEN",
  "GH_TOKEN",
  "GH_ENTERPRISE_TOKEN",
  "GITHUB_ENTERPRISE_TOKEN",
  "OPENAI_API_KEY",
  "HF_TOKEN",
  "DIGITALOCEAN_ACCESS_TOKEN",
  "DOCKERHUB_PASSWORD",
  "FIREBASE_TOKEN",
  "CI_DEPLOY_PASSWORD",
  "GOOGLE_API_KEY",
  "LANGSMITH_API_KEY",
  "LANGCHAIN_API_KEY",
  "HEROKU_API_KEY",
  "NPM_TOKEN",
  "DOCKER_PASSWORD",
  "VAULT_TOKEN",
]);

/** The value as written, to tell a literal from a reference to another variable. */
function rawValue(instr: Instruction, kv: KeyValue): string {
  const word = instr.rawArgs.find((w) => w.startsWith(`${kv.key}=`));
  return word === undefined ? instr.rawArgs.slice(1).join(" ") : word.slice(kv.key.length + 1);
}

const SECRET_KEYWORDS = new Set(["ENV", "ARG", "LABEL"]);

/** Trivy DS031, hadolint DL3064, dockle CIS-DI-0010 (with allow-lists against its false positives). */
export const secrets: CheckRule<DockerfileInput> = {
  id: "dockerfile-secrets",
  group: "dockerfile",
  benchmarkIds: { "1.6.0": "4.10" },
  references: ["DS031", "DL3064", "CIS-DI-0010"],
  title: "No secrets in ENV, ARG or LABEL",
  section: CIS_SECTION,
  level: 1,
  severity: "critical",
  needs: ["Dockerfile: ENV, ARG and LABEL names and values"],
  remediation: "Pass secrets at build time with `RUN --mount=type=secret` and at run time from a secret store, never in ENV/ARG.",
  evaluate(input) {
    const last = finalStage(input);
    const shipped = new Set(last === undefined ? [] : stageLineage(input, last).map((s) => s.index));
    const evidence: Evidence[] = [];
    for (const instr of input.instructions) {
      if (!SECRET_KEYWORDS.has(instr.keyword)) continue;
      for (const kv of instr.keyValues) {
        const at = { file: input.path, line: instr.startLine, key: instr.keyword };
        const raw = kv.value === null ? "" : rawValue(instr, kv);
        // A value that is only `$OTHER` is judged where OTHER gets its value.
        const hits = kv.value === null || /^["']?\$/.test(raw) ? [] : judgeAssignment(kv.key, kv.value);
        for (const hit of hits) {
          evidence.push({ ...at, value: `${instr.keyword} ${kv.key}=${hit.preview}`, detail: `${hit.kind} in ${kv.key}` });
        }
        const inImage = instr.keyword !== "LABEL" && shipped.has(instr.stage);
        if (hits.length === 0 && inImage && CREDENTIAL_NAMES.has(kv.key.toUpperCase())) {
          evidence.push({ ...at, value: `${instr.keyword} ${kv.key}`, detail: `${kv.key} is a credential name; its value is recorded in the image` });
        }
      }
    }
    return evidence.length > 0 ? { status: "fail", evidence } : { status: "pass" };
  },
};
