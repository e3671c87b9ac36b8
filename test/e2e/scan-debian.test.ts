import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { claro } from "../support/claro.js";
import { withoutTimestamps } from "../support/timestamps.js";
import { sharedPath } from "../support/shared.js";

interface JsonReport {
  schemaVersion: string;
  distribution: { id: string; versionId: string; codename: string | null; endOfLife?: string | null } | null;
  layers: { digest: string; diffId: string; createdBy: string | null }[];
  packages: { name: string; version: string; type: string; purl: string; source?: { name: string; version: string }; layer: string }[];
  vulnerabilities: {
    id: string;
    package: { name: string; version: string; purl: string };
    fixedVersion: string | null;
    status: string;
    severity: string;
    vendorSeverity?: string | null;
    layer: string;
    dataSource: string;
  }[];
}

const image = `oci-archive:${sharedPath("images", "debian-bookworm.oci.tar")}:bookworm-multilayer`;
const feed = sharedPath("fixtures", "vulndata", "debian", "derived-bookworm", "data.json");
const secdb = sharedPath("fixtures", "vulndata", "alpine", "secdb-yaml");
let work: string;
let db: string;

before(async () => {
  work = mkdtempSync(join(tmpdir(), "claro-e2e-"));
  db = `sqlite:${join(work, "db.sqlite")}`;
  const r = await claro(["db", "update", "--db", db, "--source", `debian=${feed}`, "--source", `alpine=${secdb}`]);
  assert.equal(r.code, 0, r.stderr);
});
after(() => rmSync(work, { recursive: true, force: true }));

test("bookworm-multilayer: 120 deb packages with purl and layer; tzdata purged in layer 3 is absent", async () => {
  const r = await claro(["scan", "--format", "json", "--db", db, image]);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as JsonReport;
  assert.deepEqual(report.distribution, { id: "debian", versionId: "12", codename: "bookworm", endOfLife: "2028-06-30" });
  const debs = report.packages.filter((p) => p.type === "deb");
  assert.equal(debs.length, 120);
  const diffIds = new Set(report.layers.map((l) => l.diffId));
  for (const p of debs) {
    assert.ok(decodeURIComponent(p.purl).startsWith(`pkg:deb/debian/${p.name}@${p.version}?arch=`), p.purl);
    assert.match(p.purl, /distro=debian-12/);
    assert.ok(diffIds.has(p.layer), `${p.name}: layer ${p.layer} is not a diffID of the image`);
  }
  assert.equal(
    debs.find((p) => p.name === "tzdata"),
    undefined,
  );
  // Installed by layer 2 (index 1); base packages come from layer 1.
  const layerOf = (name: string) => report.layers.findIndex((l) => l.diffId === debs.find((p) => p.name === name)?.layer);
  assert.equal(layerOf("openssl"), 1);
  assert.equal(layerOf("libexpat1"), 1);
  assert.equal(layerOf("dpkg"), 0);
});

test("bookworm-multilayer: findings equal what the feed implies, with dpkg --compare-versions as the oracle", async () => {
  const r = await claro(["scan", "--format", "json", "--db", db, image]);
  const report = JSON.parse(r.stdout) as JsonReport;
  const data = JSON.parse(readFileSync(feed, "utf8")) as Record<
    string,
    Record<string, { releases: Record<string, { status: string; fixed_version?: string }> }>
  >;
  const expected = new Set<string>();
  for (const p of report.packages.filter((x) => x.type === "deb")) {
    const src = p.source?.name ?? p.name;
    const srcVersion = p.source?.version ?? p.version;
    for (const [cve, rec] of Object.entries(data[src] ?? {})) {
      const rel = rec.releases["bookworm"];
      if (!rel?.fixed_version || rel.status !== "resolved" || rel.fixed_version === "0") continue;
      if (dpkgLess(srcVersion, rel.fixed_version)) expected.add(`${p.name} ${cve} ${rel.fixed_version}`);
    }
  }
  const actual = new Set(report.vulnerabilities.map((v) => `${v.package.name} ${v.id} ${v.fixedVersion}`));
  assert.deepEqual([...actual].sort(), [...expected].sort());
  const byPkg = (name: string) => report.vulnerabilities.filter((v) => v.package.name === name);
  assert.ok(byPkg("openssl").some((v) => v.fixedVersion === "3.0.22-1~deb12u2"));
  assert.ok(byPkg("libssl3").length > 0);
  assert.ok(byPkg("libexpat1").some((v) => v.fixedVersion === "2.5.0-1+deb12u5"));
  for (const name of ["python3.11", "libpython3.11-stdlib", "python3.11-minimal"]) {
    assert.ok(
      byPkg(name).some((v) => v.fixedVersion === "3.11.2-6+deb12u9"),
      name,
    );
  }
  for (const v of report.vulnerabilities) {
    assert.equal(v.status, "fixed");
    assert.equal(v.dataSource, "debian");
    assert.ok(v.vendorSeverity, "the Debian urgency is kept as vendorSeverity");
  }
});

/** Sources compared as the source version, as the Debian tracker does. */
function dpkgLess(a: string, b: string): boolean {
  try {
    execFileSync("dpkg", ["--compare-versions", a, "lt", b]);
    return true;
  } catch {
    return false;
  }
}

test("the same scan with --db postgres://… gives identical JSON apart from timestamps", async () => {
  const { dropSchema, pgTestUrl, uniqueSchema, withSchema } = await import("../support/postgres.js");
  const schema = uniqueSchema();
  const pgDb = withSchema(await pgTestUrl(), schema);
  try {
    const up = await claro(["db", "update", "--db", pgDb, "--source", `debian=${feed}`, "--source", `alpine=${secdb}`]);
    assert.equal(up.code, 0, up.stderr);
    const fromPg = await claro(["scan", "--format", "json", "--db", pgDb, image]);
    assert.equal(fromPg.code, 0, fromPg.stderr);
    const fromSqlite = await claro(["scan", "--format", "json", "--db", db, image]);
    assert.deepEqual(withoutTimestamps(fromPg.stdout), withoutTimestamps(fromSqlite.stdout));
  } finally {
    await dropSchema(schema);
  }
});
