import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { repoRoot } from "../../test/support/shared.js";
import type { Reporter } from "../contracts/reporter.js";
import { isReportFormat, REPORT_FORMATS, reporters } from "./registry.js";
import { vulnerabilityReport } from "./testdata/fixture.js";

describe("reporter registry", () => {
  it("registers every *-reporter.ts module of src/report under its own format", async () => {
    // A reporter with helpers of its own lives in a folder (html/): one level down counts too.
    const files = readdirSync(join(repoRoot, "src", "report"), { recursive: true, encoding: "utf8" }).filter(
      (f) => /-reporter\.ts$/.test(f) && !f.endsWith(".test.ts") && f.split("/").length <= 2,
    );
    assert.ok(files.length >= 2);
    const registered = new Set<Reporter>(Object.values(reporters));
    for (const file of files) {
      const mod = (await import(`./${file.replace(/\.ts$/, ".js")}`)) as Record<string, unknown>;
      const exported = Object.values(mod).filter((v): v is Reporter => typeof v === "object" && v !== null && "format" in v && "render" in v);
      assert.equal(exported.length, 1, `${file} exports exactly one Reporter`);
      const reporter = exported[0]!;
      assert.ok(registered.has(reporter), `${file}: reporter '${reporter.format}' is missing from the registry`);
      assert.equal(reporters[reporter.format as keyof typeof reporters], reporter, `${file}: registered under its format`);
    }
    assert.equal(files.length, Object.keys(reporters).length, "no registry entry without a *-reporter.ts file");
  });

  it("the light name list (read by the CLI before any reporter loads) equals the registry's keys", () => {
    assert.deepEqual([...REPORT_FORMATS].sort(), Object.keys(reporters).sort());
    assert.deepEqual(REPORT_FORMATS, ["cyclonedx-json", "html", "json", "sarif", "table"]);
    assert.equal(isReportFormat("json"), true);
    assert.equal(isReportFormat("sarif"), true);
    assert.equal(isReportFormat("junit"), false);
    assert.equal(isReportFormat("toString"), false);
  });

  it("every registered reporter renders the fixture", () => {
    for (const r of Object.values(reporters)) assert.ok(r.render(vulnerabilityReport, { color: false }).includes("CVE-2025-0003"));
  });
});
