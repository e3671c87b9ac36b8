import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { SCHEMA_VERSION } from "../report/json-schema.js";
import { claro } from "../../test/support/claro.js";
import { sharedPath } from "../../test/support/shared.js";

const td = (name: string): string => fileURLToPath(new URL(`./testdata/enrich/${name}`, import.meta.url));
const IMAGE = `oci-archive:${sharedPath("images/debian-bookworm.oci.tar")}:bookworm-multilayer`;

interface Doc {
  schemaVersion: string;
  vulnerabilities: {
    id: string;
    package: { name: string };
    cvss: { version: string; vector: string; score: number | null; source: string }[];
    epss?: { score: number; percentile: number };
    kev?: { dateAdded: string; dueDate: string | null; ransomware: string };
  }[];
  suppressed?: { vulnerability: { id: string; package: { name: string } }; by: string; reason: string; file: string }[];
}

describe("claro scan with NVD/EPSS/KEV enrichment and VEX/ignore policy (real CLI, bookworm-multilayer)", () => {
  let dir: string;
  let db: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "claro-enrich-"));
    db = `sqlite:${join(dir, "db.sqlite")}`;
    const r = await claro([
      "db",
      "update",
      "--db",
      db,
      "--source",
      `debian=${sharedPath("fixtures/vulndata/debian/derived-bookworm/data.json")}`,
      "--source",
      `nvd=${td("nvd-handwritten.json")}`,
      "--source",
      `epss=${td("epss-handwritten.csv")}`,
      "--source",
      `kev=${td("kev-handwritten.json")}`,
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^nvd: 1 records/m);
    assert.match(r.stderr, /^epss: 1 records/m);
    assert.match(r.stderr, /^kev: 1 records/m);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const scan = async (...extra: string[]): Promise<{ code: number | null; doc: Doc; stderr: string }> => {
    const r = await claro(["scan", "--db", db, "--format", "json", "-q", ...extra, IMAGE]);
    return { code: r.code, doc: JSON.parse(r.stdout) as Doc, stderr: r.stderr };
  };

  it("attaches NVD CVSS (score computed from the vector), EPSS and KEV to the libexpat1 finding", async () => {
    const { code, doc } = await scan();
    assert.equal(code, 0);
    assert.equal(doc.schemaVersion, SCHEMA_VERSION);
    assert.equal(doc.vulnerabilities.length, 127);
    const f = doc.vulnerabilities.find((v) => v.id === "CVE-2024-28757" && v.package.name === "libexpat1");
    assert.ok(f);
    assert.deepEqual(f.cvss, [{ version: "3.1", vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", score: 7.5, source: "nvd@nist.gov" }]);
    assert.deepEqual(f.epss, { score: 0.01234, percentile: 0.81 });
    assert.deepEqual(f.kev, { dateAdded: "2024-04-01", dueDate: "2024-04-22", ransomware: "Known" });
    const other = doc.vulnerabilities.find((v) => v.id === "CVE-2024-22365");
    assert.ok(other && other.epss === undefined && other.kev === undefined && other.cvss.length === 0);
  });

  it("OpenVEX: not_affected with a justification suppresses (via an image subcomponent purl); without one it does not", async () => {
    const { doc } = await scan("--vex", td("openvex.json"));
    assert.equal(doc.vulnerabilities.length, 126);
    assert.ok(!doc.vulnerabilities.some((v) => v.id === "CVE-2024-28757"));
    assert.equal(doc.vulnerabilities.filter((v) => v.id === "CVE-2024-22365").length, 4);
    assert.deepEqual(
      doc.suppressed?.map((s) => [s.vulnerability.id, s.vulnerability.package.name, s.by, s.reason, s.file]),
      [["CVE-2024-28757", "libexpat1", "vex", "vulnerable_code_not_in_execute_path", td("openvex.json")]],
    );
  });

  it("CycloneDX VEX: a bom-ref resolved to a purl suppresses; `exploitable` does not", async () => {
    const { doc } = await scan("--vex", td("cyclonedx-vex.json"));
    assert.equal(doc.vulnerabilities.length, 126);
    assert.deepEqual(
      doc.suppressed?.map((s) => [s.vulnerability.id, s.vulnerability.package.name, s.reason]),
      [["CVE-2024-22365", "libpam0g", "code_not_reachable"]],
    );
    assert.ok(doc.vulnerabilities.some((v) => v.id === "CVE-2024-28757"));
  });

  it("ignore file: narrows by package name; an expired entry no longer applies and warns once", async () => {
    const { doc, stderr } = await scan("--ignorefile", td("claroignore.yaml"));
    assert.deepEqual(
      doc.suppressed?.map((s) => [s.vulnerability.id, s.vulnerability.package.name, s.by, s.reason]),
      [["CVE-2024-22365", "libpam-runtime", "ignore-file", "accepted until the base image moves"]],
    );
    assert.ok(doc.vulnerabilities.some((v) => v.id === "CVE-2025-15649" && v.package.name === "perl-base"));
    const warnings = stderr.split("\n").filter((l) => l.includes("expired"));
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /CVE-2025-15649 expired on 2020-01-01/);
  });

  it("--ignore-status hides the listed fix states and rejects unknown ones", async () => {
    const { doc } = await scan("--ignore-status", "fixed");
    assert.equal(doc.vulnerabilities.length, 0);
    const { doc: kept } = await scan("--ignore-status", "will_not_fix,end_of_life");
    assert.equal(kept.vulnerabilities.length, 127);
    const bad = await claro(["scan", "--db", db, "--format", "json", "-q", "--ignore-status", "wontfix", IMAGE]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--ignore-status: unknown status 'wontfix'/);
  });

  it("the table shows KEV/EPSS marks and a suppressed count line", async () => {
    const r = await claro(["scan", "--db", db, "--format", "table", "-q", "--vex", td("openvex.json"), "--vex", td("cyclonedx-vex.json"), IMAGE]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Suppressed: 2 \(VEX not_affected: 2, ignore file: 0\)/);
    const r2 = await claro(["scan", "--db", db, "--format", "table", "-q", IMAGE]);
    // The marks sit under the id in the ID column, one per line, on the libexpat1 row.
    const row = r2.stdout.split("\n").findIndex((l) => /│ libexpat1 .*CVE-2024-28757/.test(l));
    assert.ok(row >= 0, r2.stdout);
    const below = r2.stdout
      .split("\n")
      .slice(row + 1, row + 3)
      .join("\n");
    assert.match(below, /│ KEV \(ransomware\) +│/);
    assert.match(below, /│ EPSS 1\.23% +│/);
  });
});
