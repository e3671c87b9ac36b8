import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { repoRoot } from "../../test/support/shared.js";
import type { VulnerabilityReport } from "../core/report.js";
import { jsonReporter, renderInventory, renderJson, toReportDocument } from "./json-reporter.js";
import { claroDocument, reportJsonSchema, SCHEMA_VERSION } from "./json-schema.js";
import { busyboxIndex, busyboxReport, FIXED_NOW, vulnerabilityReport } from "./testdata/fixture.js";
import { validate } from "./testdata/schema-check.js";

// UPDATE_GOLDEN=1 rewrites the `want` files and the committed schema; review the diff.
const update = process.env["UPDATE_GOLDEN"] === "1";
const testdata = join(repoRoot, "src", "report", "testdata");
const schemaFile = join(repoRoot, "schema", "claro-report.v1.schema.json");

function golden(name: string, got: string): string {
  const path = join(testdata, name);
  if (update) writeFileSync(path, got);
  return readFileSync(path, "utf8");
}

function committedSchema(): Record<string, unknown> {
  return JSON.parse(readFileSync(schemaFile, "utf8")) as Record<string, unknown>;
}

function reversed(r: VulnerabilityReport): VulnerabilityReport {
  return {
    ...r,
    packages: [...r.packages].reverse(),
    vulnerabilities: [...r.vulnerabilities].reverse().map((v) => ({ ...v, aliases: [...v.aliases].reverse() })),
    database: { ...r.database, updaters: [...r.database.updaters].reverse() },
  };
}

describe("json reporter", () => {
  it("matches the golden report", () => {
    const got = renderJson(vulnerabilityReport, { now: FIXED_NOW });
    assert.equal(got, golden("want-report.json", got));
  });

  it("matches the golden inventory for an image without a package database", () => {
    const got = renderInventory(busyboxIndex, { now: FIXED_NOW });
    assert.equal(got, golden("want-inventory-busybox.json", got));
  });

  it("is independent of the order the store and indexer return things in", () => {
    assert.equal(renderJson(reversed(vulnerabilityReport), { now: FIXED_NOW }), renderJson(vulnerabilityReport, { now: FIXED_NOW }));
  });

  it("through the Reporter interface differs only in createdAt", () => {
    const viaReporter = JSON.parse(jsonReporter.render(vulnerabilityReport)) as Record<string, unknown>;
    const pinned = JSON.parse(renderJson(vulnerabilityReport, { now: FIXED_NOW })) as Record<string, unknown>;
    assert.match(String(viaReporter["createdAt"]), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.deepEqual({ ...viaReporter, createdAt: "" }, { ...pinned, createdAt: "" });
    assert.equal(jsonReporter.format, "json");
  });

  it("orders vulnerabilities by severity, then id, then package, and counts them", () => {
    const doc = toReportDocument(vulnerabilityReport, FIXED_NOW());
    assert.deepEqual(
      doc.vulnerabilities.map((v) => `${v.severity} ${v.id} ${v.package.name}`),
      [
        "critical CVE-2025-0003 python3.11-minimal",
        "high CVE-2025-0001 libssl3",
        "high CVE-2025-0001 openssl",
        "medium CVE-2025-0002 libexpat1",
        "low CVE-2024-9999 libc6",
        "negligible CVE-2010-4756 libc6",
        "unknown TEMP-0000000-ABCDEF base-files",
      ],
    );
    assert.deepEqual(doc.summary, { packages: 6, total: 7, unknown: 1, negligible: 1, low: 1, medium: 1, high: 2, critical: 1 });
    assert.deepEqual(doc.vulnerabilities[1]?.aliases, ["DSA-9001-1"], "aliases are sorted, deduplicated and exclude the id");
    assert.equal(doc.source.platform, "linux/amd64");
    assert.equal(doc.schemaVersion, SCHEMA_VERSION);
  });

  it("gives the inventory the same packages shape as the report", () => {
    const report = JSON.parse(renderJson(vulnerabilityReport, { now: FIXED_NOW })) as { packages: unknown; kind: string };
    const inventory = JSON.parse(renderInventory(vulnerabilityReport, { now: FIXED_NOW })) as { packages: unknown; kind: string };
    assert.deepEqual(inventory.packages, report.packages);
    assert.equal(inventory.kind, "inventory");
    assert.equal(report.kind, "vulnerability-report");
  });

  it("formats a platform variant as os/arch/variant", () => {
    const doc = JSON.parse(renderInventory(busyboxIndex, { now: FIXED_NOW })) as { source: { platform: string } };
    assert.equal(doc.source.platform, "linux/arm64/v8");
  });
});

describe("json schema", () => {
  it("the committed schema file equals the one generated from the zod source of truth", () => {
    const generated = `${JSON.stringify(reportJsonSchema(), null, 2)}\n`;
    if (update) writeFileSync(schemaFile, generated);
    assert.equal(readFileSync(schemaFile, "utf8"), generated);
  });

  it("accepts every rendered document, checked against the committed file", () => {
    const schema = committedSchema();
    assert.equal(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    for (const doc of [
      renderJson(vulnerabilityReport, { now: FIXED_NOW }),
      renderJson(busyboxReport, { now: FIXED_NOW }),
      renderInventory(busyboxIndex, { now: FIXED_NOW }),
      renderInventory(vulnerabilityReport, { now: FIXED_NOW }),
    ]) {
      const value: unknown = JSON.parse(doc);
      assert.deepEqual(validate(schema, value), []);
      assert.equal(claroDocument.safeParse(value).success, true);
    }
  });

  it("rejects documents that break it, so the validator is not vacuous", () => {
    const schema = committedSchema();
    const doc = JSON.parse(renderJson(vulnerabilityReport, { now: FIXED_NOW })) as Record<string, unknown>;
    const broken = (patch: Record<string, unknown>): string[] => validate(schema, { ...doc, ...patch });
    assert.notDeepEqual(broken({ schemaVersion: "2.0.0" }), []);
    assert.notDeepEqual(broken({ kind: "sarif" }), []);
    assert.notDeepEqual(broken({ packages: [{ name: "x" }] }), []);
    assert.notDeepEqual(broken({ vulnerabilities: [{ ...(doc["vulnerabilities"] as object[])[0], severity: "HIGH" }] }), []);
    assert.notDeepEqual(broken({ layers: [{ digest: "sha256:short", diffId: null, createdBy: null }] }), []);
    const { summary: _omitted, ...withoutSummary } = doc;
    assert.notDeepEqual(validate(schema, withoutSummary), []);
  });

  it("accepts an additive 1.x document (extra fields, newer minor)", () => {
    const doc = JSON.parse(renderJson(vulnerabilityReport, { now: FIXED_NOW })) as Record<string, unknown>;
    assert.deepEqual(validate(committedSchema(), { ...doc, schemaVersion: "1.4.0", futureField: [1, 2] }), []);
  });
});

describe("docs/json-schema.md", () => {
  it("its JSON examples validate against the committed schema", () => {
    const text = readFileSync(join(repoRoot, "docs", "json-schema.md"), "utf8");
    const blocks = [...text.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]!);
    assert.equal(blocks.length, 2);
    for (const block of blocks) assert.deepEqual(validate(committedSchema(), JSON.parse(block)), []);
  });

  it("documents every property the schema defines", () => {
    const text = readFileSync(join(repoRoot, "docs", "json-schema.md"), "utf8");
    const names = new Set<string>();
    const collect = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(collect);
      else if (typeof node === "object" && node !== null) {
        for (const [k, v] of Object.entries(node)) {
          if (k === "properties" && typeof v === "object" && v !== null) Object.keys(v).forEach((n) => names.add(n));
          collect(v);
        }
      }
    };
    collect(committedSchema());
    const undocumented = [...names].filter((n) => !text.includes(`\`${n}\``));
    assert.deepEqual(undocumented, []);
  });
});
