import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { repoRoot } from "../../../test/support/shared.js";
import type { CheckReport } from "../../core/check.js";
import { reporters } from "../registry.js";
import { FIXED_NOW, vulnerabilityReport } from "../testdata/fixture.js";
import { scriptJson } from "./escape.js";
import { renderCheckHtml, renderHtml } from "./html-reporter.js";
import { hostileReport } from "./testdata/hostile.js";

// UPDATE_GOLDEN=1 rewrites the `want` files; review the diff.
const update = process.env["UPDATE_GOLDEN"] === "1";
const testdata = join(repoRoot, "src", "report", "html", "testdata");

function golden(name: string, got: string): string {
  const path = join(testdata, name);
  if (update) writeFileSync(path, got);
  return readFileSync(path, "utf8");
}

function embedded(html: string): unknown {
  const m = /<script type="application\/json" id="claro-data">([\s\S]*?)<\/script>/.exec(html);
  assert.ok(m, "the page embeds its data");
  return JSON.parse(m[1]!) as unknown;
}

describe("html reporter", () => {
  it("matches the golden page", () => {
    const got = renderHtml(vulnerabilityReport, { now: FIXED_NOW });
    assert.equal(got, golden("want-report.html", got));
  });

  it("is registered for --format html", () => {
    assert.equal(reporters.html.format, "html");
    assert.match(reporters.html.render(vulnerabilityReport, { color: false }), /^<!DOCTYPE html>/);
  });

  it("is self-contained: no external resource, a CSP that allows no connection", () => {
    const html = renderHtml(vulnerabilityReport, { now: FIXED_NOW });
    assert.doesNotMatch(html, /<(?:link|img|iframe|object|embed)\b/i);
    assert.doesNotMatch(html, /<script[^>]+src=/i);
    assert.match(html, /Content-Security-Policy" content="default-src 'none'; style-src 'sha256-[^']+'; script-src 'sha256-[^']+'/);
  });

  it("escapes hostile names, versions, descriptions and history; drops javascript: links", () => {
    const html = renderHtml(hostileReport, { now: FIXED_NOW });
    assert.equal(html.match(/<script/g)?.length, 2, "only the data and the page script");
    assert.equal(html.match(/<\/script>/g)?.length, 2);
    assert.doesNotMatch(html, /<img/i);
    assert.doesNotMatch(html, /href="javascript:/i);
    assert.doesNotMatch(html, /<!--/);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    // A link with spaces is not a URL claro will make clickable; it stays escaped text.
    assert.match(html, /https:\/\/example\.test\/&quot;&gt;&lt;img src=x onerror=alert\(2\)&gt;/);
    // The embedded JSON comes back exactly, `</script>` and U+2028 included.
    const data = embedded(html) as { vulnerabilities: { description: string }[]; packages: { name: string; foundIn: string }[] };
    assert.ok(data.vulnerabilities.some((v) => v.description.includes("</script><!-- <script>alert(4)</script> text \u2028 end.")));
    assert.ok(data.packages.some((p) => p.foundIn === "app/</script><!--/package-lock.json"));
  });

  it("scriptJson leaves nothing a script element or HTML parser would end on", () => {
    const text = scriptJson({ a: "</script><!--]]>&\u2028\u2029" });
    assert.doesNotMatch(text, /[<>&\u2028\u2029]/);
    assert.deepEqual(JSON.parse(text), { a: "</script><!--]]>&\u2028\u2029" });
  });

  it("shows coverage and the end of life when the report has them", () => {
    const html = renderHtml(
      {
        ...vulnerabilityReport,
        distribution: { ...vulnerabilityReport.distribution!, endOfLife: "2028-06-30" },
        coverage: [
          {
            type: "deb",
            namespace: "debian:12",
            packages: 6,
            matched: true,
            dataSources: [{ updater: "debian", updatedAt: "2026-11-28" }],
            reason: null,
            hint: null,
          },
          { type: "npm", namespace: null, packages: 5, matched: false, dataSources: [], reason: "no-data", hint: "claro db update --only npm" },
        ],
      },
      { now: FIXED_NOW },
    );
    assert.match(html, /<dt>End of life<\/dt><dd>security support ends 2028-06-30<\/dd>/);
    assert.match(html, /5 packages were <strong>not<\/strong> matched/);
    assert.match(html, /not matched: no-data \(claro db update --only npm\)/);
  });

  it("serves claro check --format html with the same page", () => {
    const report: CheckReport = {
      target: "oci-archive:x.tar:<b>app</b>",
      group: "image",
      benchmarkVersion: "1.6.0",
      results: [
        {
          ruleId: "CIS-4.1",
          benchmarkId: "4.1",
          references: [],
          title: "Create a user for the container",
          group: "image",
          section: "4",
          level: 1,
          severity: "high",
          remediation: "Add USER",
          outcome: { status: "fail", evidence: [{ key: "User", value: "<root>" }] },
        },
      ],
    };
    const html = renderCheckHtml(report, { now: FIXED_NOW });
    assert.match(html, /<table id="checks-table"/);
    assert.match(html, /User=&lt;root&gt;/);
    assert.doesNotMatch(html, /<b>app<\/b>/);
    assert.equal((embedded(html) as { kind: string }).kind, "check-report");
  });
});
