import assert from "node:assert/strict";
import { test } from "node:test";
import type { Digest } from "../../core/digest.js";
import type { Finding } from "../../core/report.js";
import { securityPatches } from "./security-patches.js";
import { input } from "./testdata/fixtures.js";

function finding(over: Partial<Finding>): Finding {
  return {
    id: "CVE-2024-0001",
    aliases: [],
    package: { name: "openssl", version: "3.0.11-1~deb12u2", type: "deb", purl: "pkg:deb/debian/openssl@3.0.11-1~deb12u2" },
    fixedVersion: "3.0.13-1~deb12u1",
    status: "fixed",
    severity: "high",
    vendorSeverity: null,
    cvss: [],
    description: null,
    layer: `sha256:${"a".repeat(64)}` as Digest,
    dataSource: "debian",
    namespace: "debian:12",
    links: [],
    ...over,
  };
}

test("security-patches without findings (claro check) is manual with instructions, never a silent pass", () => {
  const out = securityPatches.evaluate(input({ files: { "etc/passwd": "root:x:0:0::/:/bin/sh\n" } }));
  assert.equal(out.status, "manual");
  if (out.status === "manual") assert.match(out.instructions, /--scanners vuln,config/);
});

test("security-patches fails on a high or critical finding with a fix, naming each", () => {
  const out = securityPatches.evaluate(
    input({
      findings: [
        finding({}),
        finding({
          id: "CVE-2024-0002",
          severity: "critical",
          package: { name: "zlib1g", version: "1:1.2.13", type: "deb", purl: "pkg:deb/debian/zlib1g@1:1.2.13" },
        }),
      ],
    }),
  );
  assert.equal(out.status, "fail");
  if (out.status === "fail") {
    assert.deepEqual(
      out.evidence.map((e) => e.key),
      ["CVE-2024-0001", "CVE-2024-0002"],
    );
    assert.equal(out.evidence[0]?.value, "openssl 3.0.11-1~deb12u2");
    assert.match(out.evidence[1]?.detail ?? "", /critical; fixed in 3\.0\.13/);
  }
});

test("security-patches passes when no fix is overdue: no findings, lower severities, or no fix published", () => {
  const noFix = [
    finding({ status: "affected", fixedVersion: null }),
    finding({ status: "will_not_fix", fixedVersion: null, severity: "critical" }),
    finding({ severity: "medium" }),
  ];
  assert.equal(securityPatches.evaluate(input({ findings: [] })).status, "pass");
  assert.equal(securityPatches.evaluate(input({ findings: noFix })).status, "pass");
});
