/**
 * Trivy's own good/bad Dockerfile examples (trivy-checks/dockerfile-examples): for every
 * example file, its good Dockerfiles must pass the mapped rule and its bad ones must fail it.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { sharedPath } from "../../../test/support/shared.js";
import { dockerfileRules } from "./index.js";
import { parseDockerfile } from "./input.js";

const dir = sharedPath("fixtures", "cis", "trivy-checks", "dockerfile-examples");
const index = z
  .record(z.string(), z.union([z.object({ id: z.string(), severity: z.string() }), z.string(), z.null()]))
  .parse(JSON.parse(readFileSync(`${dir}/index.json`, "utf8")));
const Example = z.object({ dockerfile: z.object({ good: z.array(z.string()), bad: z.array(z.string()) }) });

/** Trivy id → our rule. Every example in index.json must be here or in NOT_IMPLEMENTED. */
const RULE_FOR: Record<string, keyof typeof dockerfileRules> = {
  "DS-0001": "dockerfile-latest-tag",
  "DS-0002": "dockerfile-non-root-user",
  "DS-0004": "dockerfile-port-22",
  "DS-0005": "dockerfile-add-instead-of-copy",
  "DS-0006": "dockerfile-copy-from-own-stage",
  "DS-0007": "dockerfile-multiple-entrypoint",
  "DS-0008": "dockerfile-port-out-of-range",
  "DS-0009": "dockerfile-workdir-relative",
  "DS-0010": "dockerfile-run-sudo",
  "DS-0011": "dockerfile-copy-dest-not-directory",
  "DS-0012": "dockerfile-duplicate-stage-name",
  "DS-0013": "dockerfile-run-cd",
  "DS-0014": "dockerfile-wget-and-curl",
  "DS-0015": "dockerfile-yum-clean-all",
  "DS-0016": "dockerfile-multiple-cmd",
  "DS-0017": "dockerfile-update-alone",
  "DS-0019": "dockerfile-dnf-clean-all",
  "DS-0020": "dockerfile-zypper-clean",
  "DS-0021": "dockerfile-apt-get-yes",
  "DS-0022": "dockerfile-maintainer",
  "DS-0023": "dockerfile-multiple-healthcheck",
  "DS-0024": "dockerfile-apt-dist-upgrade",
};
/** Examples deliberately not implemented, with the reason (none today: all 22 are covered). */
const NOT_IMPLEMENTED: Record<string, string> = {};

const SEVERITY: Record<string, string> = { LOW: "low", MEDIUM: "medium", HIGH: "high", CRITICAL: "critical" };

for (const [file, entry] of Object.entries(index)) {
  if (entry === null || typeof entry === "string") continue;
  test(`${file} (${entry.id})`, () => {
    const ruleId = RULE_FOR[entry.id];
    if (ruleId === undefined) {
      assert.ok(NOT_IMPLEMENTED[file], `${file} is neither mapped to a rule nor listed as not implemented`);
      return;
    }
    const rule = dockerfileRules[ruleId];
    assert.ok(rule.references.includes(entry.id.replace("-00", "0")), `${ruleId} references ${entry.id}`);
    assert.equal(rule.severity, SEVERITY[entry.severity]);
    const example = Example.parse(parseYaml(readFileSync(`${dir}/${file}`, "utf8")));
    example.dockerfile.good.forEach((text, n) => {
      const input = parseDockerfile(text, `${file}#good${n}`);
      assert.deepEqual(input.problems, []);
      const outcome = rule.evaluate(input);
      assert.equal(outcome.status, "pass", `good[${n}]: ${JSON.stringify(outcome)}`);
    });
    example.dockerfile.bad.forEach((text, n) => {
      const input = parseDockerfile(text, `${file}#bad${n}`);
      const outcome = rule.evaluate(input);
      assert.equal(outcome.status, "fail", `bad[${n}] should fail`);
      if (outcome.status === "fail") {
        for (const e of outcome.evidence) {
          assert.equal(e.file, `${file}#bad${n}`);
          assert.ok((e.line ?? 0) >= 1 && e.key !== undefined && e.value !== undefined);
        }
      }
    });
  });
}
