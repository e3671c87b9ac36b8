/**
 * Trivy's CIS Docker 1.6.0 compliance spec (trivy-checks/docker-cis-1.6.0.compliance.yaml) maps
 * each §4 control to the Trivy checks that decide it. claro must cover every control under the
 * same 1.6.0 id, and where Trivy names a DS check, the claro rule for that control carries it as
 * a reference (Trivy writes `DS-0002` in the spec and `DS002` in its reports).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { sharedPath } from "../../test/support/shared.js";
import { checkGroups } from "./index.js";

const Spec = z.object({
  spec: z.object({
    version: z.literal("1.6.0"),
    controls: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        checks: z
          .array(z.object({ id: z.string() }))
          .nullable()
          .optional(),
      }),
    ),
  }),
});
const spec = Spec.parse(parseYaml(readFileSync(sharedPath("fixtures", "cis", "trivy-checks", "docker-cis-1.6.0.compliance.yaml"), "utf8"))).spec;
const rules = Object.values(checkGroups).flatMap((group) => Object.values(group));

test("the compliance spec is read whole: 12 controls, 4.1 to 4.12", () => {
  assert.deepEqual(
    spec.controls.map((c) => c.id),
    Array.from({ length: 12 }, (_, i) => `4.${i + 1}`),
  );
});

for (const control of spec.controls) {
  const checks = (control.checks ?? []).map((c) => c.id);
  test(`CIS 1.6.0 ${control.id} (${control.name}) → ${checks.join(", ") || "manual in Trivy"}`, () => {
    const mine = rules.filter((r) => r.benchmarkIds["1.6.0"] === control.id);
    assert.ok(mine.length > 0, `no claro rule carries 1.6.0 id ${control.id}`);
    for (const check of checks) {
      // VULN-CRITICAL and SECRET-CRITICAL are Trivy's filters over its other scanners, kept as references.
      const ref = /^DS-\d+$/.test(check) ? check.replace(/^DS-0*(\d+)$/, (_, n: string) => `DS${n.padStart(3, "0")}`) : check;
      if (check === "SECRET-CRITICAL") {
        assert.ok(
          mine.some((r) => r.severity === "critical" && /secret/i.test(r.id)),
          `${control.id}: a critical secrets rule`,
        );
        continue;
      }
      assert.ok(
        mine.some((r) => r.references.includes(ref)),
        `${control.id}: no rule references ${ref} (rules: ${mine.map((r) => `${r.id} [${r.references.join(",")}]`).join("; ")})`,
      );
    }
  });
}
