import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { Spec, Validation } from "@cyclonedx/cyclonedx-library";
import { claro } from "../../test/support/claro.js";
import { sharedPath } from "../../test/support/shared.js";

// The real CLI end to end: SBOMs claro writes for the multilayer image scan exactly like the image.
const image = `oci-archive:${sharedPath("images", "debian-bookworm.oci.tar")}:bookworm-multilayer`;
const dir = mkdtempSync(join(tmpdir(), "claro-sbom-"));
const db = `sqlite:${join(dir, "claro.db")}`;
const scanArgs = ["-q", "-f", "json", "--db", db, "--db-max-age", "100000d"];

interface ScanDoc {
  vulnerabilities: { id: string; package: { name: string; version: string }; fixedVersion: string | null; layer: string }[];
  distribution: unknown;
}

function findings(stdout: string): string[] {
  const doc = JSON.parse(stdout) as ScanDoc;
  return doc.vulnerabilities.map((v) => `${v.id} ${v.package.name}@${v.package.version} fixed=${v.fixedVersion ?? "-"} layer=${v.layer}`).sort();
}

let direct: string[] = [];

before(async () => {
  const feed = sharedPath("fixtures", "vulndata", "debian", "derived-bookworm", "data.json");
  const update = await claro(["db", "update", "--db", db, "--only", "debian", "--source", `debian=${feed}`, "-q"]);
  assert.equal(update.code, 0, update.stderr);
  const scan = await claro(["scan", ...scanArgs, image]);
  assert.equal(scan.code, 0, scan.stderr);
  direct = findings(scan.stdout);
  assert.ok(direct.length > 0, "the image has known vulnerabilities in this feed");
});

after(() => rmSync(dir, { recursive: true, force: true }));

for (const format of ["cyclonedx-json", "spdx-json"] as const) {
  test(`claro sbom -f ${format}, then scan sbom:FILE, gives the image's vulnerabilities (id, package, fix, layer)`, async () => {
    const file = join(dir, `image.${format}`);
    const sbom = await claro(["sbom", "-q", "-f", format, "-o", file, image]);
    assert.equal(sbom.code, 0, sbom.stderr);
    if (format === "cyclonedx-json") {
      assert.equal(await new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(readFileSync(file, "utf8")), null);
    }
    const scan = await claro(["scan", ...scanArgs, `sbom:${file}`]);
    assert.equal(scan.code, 0, scan.stderr);
    assert.deepEqual(findings(scan.stdout), direct);
    assert.deepEqual((JSON.parse(scan.stdout) as ScanDoc).distribution, { id: "debian", versionId: "12", codename: "bookworm", endOfLife: "2028-06-30" });
  });
}

test("claro scan -f cyclonedx-json emits a valid CycloneDX 1.6 VDR with the same findings", async () => {
  const scan = await claro(["scan", "-q", "-f", "cyclonedx-json", "--db", db, "--db-max-age", "100000d", image]);
  assert.equal(scan.code, 0, scan.stderr);
  assert.equal(await new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(scan.stdout), null);
  const doc = JSON.parse(scan.stdout) as { vulnerabilities: { id: string; affects: { ref: string }[] }[]; components: { "bom-ref": string }[] };
  assert.equal(doc.vulnerabilities.length, direct.length);
  const refs = new Set(doc.components.map((c) => c["bom-ref"]));
  assert.ok(doc.vulnerabilities.every((v) => v.affects.every((a) => refs.has(a.ref))));
});

test("scan sbom: with --scanners config is refused (no image files to check)", async () => {
  const r = await claro(["scan", ...scanArgs, "--scanners", "vuln,config", `sbom:${join(dir, "image.cyclonedx-json")}`]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /SBOM has no image files/);
});
