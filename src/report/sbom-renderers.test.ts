import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { Spec, Validation } from "@cyclonedx/cyclonedx-library";
import type { IndexReport } from "../core/report.js";
import { renderCycloneDx } from "./cyclonedx-bom.js";
import { renderCycloneDxVdr } from "./cyclonedx-vdr.js";
import { renderSpdx } from "./spdx-json.js";
import { FIXED_NOW, vulnerabilityReport } from "./testdata/fixture.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const testdata = join(here, "testdata");
const pinned = { now: FIXED_NOW, uuid: () => "00000000-0000-4000-8000-000000000001" };
const UPDATE = process.env["UPDATE_GOLDEN"] === "1";

// A package carrying licences, so the licence fields are exercised (no scanner records them yet).
const index: IndexReport = {
  ...vulnerabilityReport,
  packages: vulnerabilityReport.packages.map((p, i) =>
    i === 0 ? { ...p, licenses: ["GPL-2.0-or-later", "Custom licence text"] } : i === 1 ? { ...p, licenses: ["MIT OR Apache-2.0"] } : p,
  ),
};

function golden(name: string, actual: string): void {
  const path = join(testdata, name);
  if (UPDATE) writeFileSync(path, actual);
  assert.equal(actual, readFileSync(path, "utf8"), `${name} differs (UPDATE_GOLDEN=1 to refresh)`);
}

async function cdxErrors(text: string): Promise<unknown> {
  return new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(text);
}

function spdxValidator(): (doc: unknown) => boolean & { errors?: unknown } {
  const require = createRequire(import.meta.url);
  const Ajv2019 = (require("ajv/dist/2019") as { default: new (o: object) => { compile(s: unknown): (d: unknown) => boolean } }).default;
  const schema: unknown = JSON.parse(readFileSync(join(testdata, "spdx-2.3.schema.json"), "utf8"));
  return new Ajv2019({ strict: false, allErrors: true }).compile(schema) as (doc: unknown) => boolean & { errors?: unknown };
}

test("CycloneDX SBOM: valid 1.6 (library strict validator), image/OS/packages, golden", async () => {
  const text = renderCycloneDx(index, pinned);
  assert.equal(await cdxErrors(text), null);
  const doc = JSON.parse(text) as {
    specVersion: string;
    metadata: { component: { type: string; name: string; version: string } };
    components: { type: string; name: string; purl?: string; licenses?: unknown[]; properties?: { name: string; value: string }[] }[];
  };
  assert.equal(doc.specVersion, "1.6");
  assert.equal(doc.metadata.component.type, "container");
  assert.equal(doc.metadata.component.name, index.source.ref);
  assert.equal(doc.metadata.component.version, index.source.digest);
  assert.equal(doc.components.filter((c) => c.type === "operating-system").length, 1);
  const libs = doc.components.filter((c) => c.type === "library");
  assert.equal(libs.length, index.packages.length);
  for (const p of index.packages) {
    const c = libs.find((l) => l.purl === p.purl);
    assert.ok(c, p.purl);
    assert.equal(c.properties?.find((x) => x.name === "claro:layer:diffID")?.value, p.layer);
  }
  assert.equal(libs.filter((c) => (c.licenses ?? []).length > 0).length, 2);
  golden("want-sbom.cdx.json", text);
});

test("CycloneDX VDR: valid 1.6, one vulnerability per finding, affects point at components", async () => {
  const text = renderCycloneDxVdr(vulnerabilityReport, pinned);
  assert.equal(await cdxErrors(text), null);
  const doc = JSON.parse(text) as {
    components: { "bom-ref": string; purl?: string }[];
    vulnerabilities: {
      id: string;
      ratings: { severity?: string; method: string }[];
      affects: { ref: string }[];
      analysis?: { state: string };
      properties: { name: string; value: string }[];
      recommendation?: string;
    }[];
  };
  assert.equal(doc.vulnerabilities.length, vulnerabilityReport.vulnerabilities.length);
  const refs = new Set(doc.components.map((c) => c["bom-ref"]));
  for (const f of vulnerabilityReport.vulnerabilities) {
    const v = doc.vulnerabilities.find(
      (x) => x.id === f.id && x.affects.some((a) => doc.components.find((c) => c["bom-ref"] === a.ref)?.purl === f.package.purl),
    );
    assert.ok(v, `${f.id} ${f.package.purl}`);
    for (const a of v.affects) assert.ok(refs.has(a.ref));
    assert.ok(v.ratings.some((r) => r.method === "other" && r.severity === (f.severity === "negligible" ? "info" : f.severity)));
    assert.equal(v.recommendation !== undefined, f.fixedVersion !== null);
    // issue 11: claro claims no exploitability of its own; the vendor status is a property
    assert.equal(v.analysis, undefined, `${f.id}: no analysis without a VEX statement or ignore entry`);
    assert.equal(v.properties.find((p) => p.name === "claro:fixStatus")?.value, f.status);
  }
  golden("want-vdr.cdx.json", text);
});

test("CycloneDX VDR: a VEX statement or ignore entry, and only that, gives an analysis", async () => {
  const [vexed, ignored, ...rest] = vulnerabilityReport.vulnerabilities;
  assert.ok(vexed && ignored);
  const report = {
    ...vulnerabilityReport,
    vulnerabilities: rest,
    suppressed: [
      { finding: vexed, by: "vex" as const, reason: "vulnerable_code_not_in_execute_path", source: "app.openvex.json" },
      { finding: ignored, by: "ignore-file" as const, reason: "accepted until the next base image", source: ".claroignore.yaml" },
    ],
  };
  const text = renderCycloneDxVdr(report, pinned);
  assert.equal(await cdxErrors(text), null);
  const doc = JSON.parse(text) as { vulnerabilities: { id: string; analysis?: { state?: string; justification?: string; detail?: string } }[] };
  assert.equal(doc.vulnerabilities.length, vulnerabilityReport.vulnerabilities.length);
  const withAnalysis = doc.vulnerabilities.filter((v) => v.analysis !== undefined);
  assert.equal(withAnalysis.length, 2);
  const vex = withAnalysis.find((v) => v.analysis?.state === "not_affected");
  assert.equal(vex?.id, vexed.id);
  assert.equal(vex?.analysis?.justification, "code_not_reachable");
  const ign = withAnalysis.find((v) => v.analysis?.state === undefined);
  assert.equal(ign?.id, ignored.id);
  assert.match(ign?.analysis?.detail ?? "", /ignored by \.claroignore\.yaml: accepted until/);
});

test("SPDX 2.3 JSON: valid against the official schema, DESCRIBES/CONTAINS, purls, golden", () => {
  const text = renderSpdx(index, pinned);
  const validate = spdxValidator();
  const doc = JSON.parse(text) as {
    spdxVersion: string;
    documentNamespace: string;
    packages: { SPDXID: string; licenseDeclared: string; externalRefs?: { referenceLocator: string }[] }[];
    relationships: { relationshipType: string }[];
  };
  assert.equal(validate(doc), true, JSON.stringify((validate as { errors?: unknown }).errors));
  assert.equal(doc.spdxVersion, "SPDX-2.3");
  for (const p of doc.packages) assert.match(p.SPDXID, /^SPDXRef-[A-Za-z0-9.-]+$/);
  assert.equal(new Set(doc.packages.map((p) => p.SPDXID)).size, doc.packages.length);
  assert.equal(doc.relationships.filter((r) => r.relationshipType === "DESCRIBES").length, 1);
  assert.equal(doc.relationships.filter((r) => r.relationshipType === "CONTAINS").length, index.packages.length + 1);
  assert.deepEqual(
    doc.packages
      .flatMap((p) => p.externalRefs ?? [])
      .map((r) => r.referenceLocator)
      .sort(),
    index.packages.map((p) => p.purl).sort(),
  );
  assert.deepEqual(
    doc.packages.map((p) => p.licenseDeclared).filter((l) => l !== "NOASSERTION"),
    ["MIT OR Apache-2.0"],
  );
  // A non-SPDX licence text makes the whole declaration NOASSERTION rather than an invalid expression.
  golden("want-sbom.spdx.json", text);
});

test("SPDX schema stays strict: a document missing documentNamespace is rejected", () => {
  const doc = JSON.parse(renderSpdx(index, pinned)) as Record<string, unknown>;
  delete doc["documentNamespace"];
  assert.equal(spdxValidator()(doc), false);
});
