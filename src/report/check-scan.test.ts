import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { renderScanReport } from "./check-scan.js";
import { claroDocument, SCHEMA_VERSION } from "./json-schema.js";
import { reporters } from "./registry.js";
import { checkReport } from "./testdata/check-fixture.js";
import { FIXED_NOW, vulnerabilityReport } from "./testdata/fixture.js";
import { validate } from "./testdata/schema-check.js";
import { reportJsonSchema } from "./json-schema.js";

describe("scan report with image checks", () => {
  it("json: adds a misconfigurations section that the schema accepts (schema 1.1)", () => {
    const doc = JSON.parse(renderScanReport("json", vulnerabilityReport, checkReport, { color: false, now: FIXED_NOW })) as Record<string, unknown>;
    assert.equal(doc["schemaVersion"], SCHEMA_VERSION);
    assert.equal(SCHEMA_VERSION, "1.3.0");
    const parsed = claroDocument.safeParse(doc);
    assert.ok(parsed.success, parsed.success ? "" : parsed.error.message);
    assert.deepEqual(validate(reportJsonSchema(), doc), []);
    const mis = doc["misconfigurations"] as { summary: { fail: number }; results: { ruleId: string; status: string }[] };
    assert.equal(mis.summary.fail, 2);
    assert.deepEqual(
      mis.results.map((r) => r.status),
      ["fail", "fail", "pass", "manual", "skip", "ignored", "error"],
    );
  });

  it("table: the vulnerability table, then the checks", () => {
    const text = renderScanReport("table", vulnerabilityReport, checkReport, { color: false });
    assert.ok(text.startsWith(reporters.table.render(vulnerabilityReport, { color: false })));
    assert.match(text, /\[FAIL\] +4\.1 non-root-user/);
  });

  it("without checks every format is the plain scan report", () => {
    for (const f of ["sarif", "table"] as const) {
      assert.equal(renderScanReport(f, vulnerabilityReport, null, { color: false }), reporters[f].render(vulnerabilityReport, { color: false }));
    }
    const noClock = (text: string): unknown => ({ ...(JSON.parse(text) as Record<string, unknown>), createdAt: null });
    const json = renderScanReport("json", vulnerabilityReport, null, { color: false });
    assert.deepEqual(noClock(json), noClock(reporters.json.render(vulnerabilityReport)));
    assert.equal("misconfigurations" in (JSON.parse(json) as object), false);
  });
});
