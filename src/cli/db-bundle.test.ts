import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { claro } from "../../test/support/claro.js";
import { sharedPath } from "../../test/support/shared.js";

const FEED = sharedPath("fixtures", "vulndata", "debian", "derived-bookworm", "data.json");
const IMAGE = `oci-archive:${sharedPath("images", "debian-bookworm.oci.tar")}:bookworm-multilayer`;

interface ScanVuln {
  readonly id: string;
  readonly package: { readonly name: string; readonly version: string };
  readonly fixedVersion?: string | null;
}

function vulns(stdout: string): string[] {
  const report = JSON.parse(stdout) as { vulnerabilities?: ScanVuln[]; results?: { vulnerabilities?: ScanVuln[] }[] };
  const list = report.vulnerabilities ?? (report.results ?? []).flatMap((r) => r.vulnerabilities ?? []);
  return list.map((v) => `${v.id} ${v.package.name} ${v.package.version} ${v.fixedVersion ?? "-"}`).sort();
}

describe("claro db export / import (real CLI)", () => {
  const dir = mkdtempSync(join(tmpdir(), "claro-db-bundle-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const source = `sqlite:${join(dir, "source.sqlite")}`;
  const copy = `sqlite:${join(dir, "copy.sqlite")}`;
  const bundle = join(dir, "claro-db.ndjson.gz");

  it("a scan against the imported database finds exactly what the source database finds", { timeout: 300_000 }, async () => {
    const update = await claro(["db", "update", "--db", source, "--source", `debian=${FEED}`]);
    assert.equal(update.code, 0, update.stderr);

    const exported = await claro(["db", "export", bundle, "--db", source]);
    assert.equal(exported.code, 0, exported.stderr);
    // stdout is sha256sum's format, naming the file that was written.
    const digest = createHash("sha256").update(readFileSync(bundle)).digest("hex");
    assert.equal(exported.stdout, `${digest}  ${bundle}\n`);
    assert.match(exported.stderr, /^exported \d+ advisories of 1 updaters to /m);

    const imported = await claro(["db", "import", bundle, "--db", copy]);
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stderr, /^imported \d+ advisories of 1 updaters into sqlite/m);

    const statusOf = async (db: string): Promise<unknown> => {
      const r = await claro(["db", "status", "--db", db, "--format", "json"]);
      assert.equal(r.code, 0, r.stderr);
      const s = JSON.parse(r.stdout) as {
        advisories: number;
        updaters: { updater: string; fingerprint: string | null; recordCount: number; lastChangedAt: string | null }[];
      };
      return { advisories: s.advisories, updaters: s.updaters.map((u) => [u.updater, u.fingerprint, u.recordCount, u.lastChangedAt]) };
    };
    assert.deepEqual(await statusOf(copy), await statusOf(source));

    const scanA = await claro(["scan", "--format", "json", "--db", source, IMAGE]);
    const scanB = await claro(["scan", "--format", "json", "--db", copy, IMAGE]);
    assert.equal(scanA.code, 0, scanA.stderr);
    assert.equal(scanB.code, 0, scanB.stderr);
    const a = vulns(scanA.stdout);
    assert.ok(a.length > 0, "the source database matched nothing: the comparison would be empty");
    assert.deepEqual(vulns(scanB.stdout), a);
    // And not just the ids: every field of every finding (severity, cvss, links…) is the same.
    assert.deepEqual(
      (JSON.parse(scanB.stdout) as { vulnerabilities: unknown }).vulnerabilities,
      (JSON.parse(scanA.stdout) as { vulnerabilities: unknown }).vulnerabilities,
    );

    // An update from the same feed after the import costs nothing: the fingerprint came along.
    const again = await claro(["db", "update", "--db", copy, "--source", `debian=${FEED}`]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /debian: unchanged/);
  });

  it("a tampered bundle exits 2 with one BUNDLE_INVALID line and a hint, and the database is unchanged", { timeout: 120_000 }, async () => {
    const bad = join(dir, "tampered.ndjson.gz");
    const bytes = Buffer.from(readFileSync(bundle));
    bytes[Math.floor(bytes.length / 2)]! ^= 0x40;
    writeFileSync(bad, bytes);
    const before = await claro(["db", "status", "--db", copy, "--format", "json"]);
    const r = await claro(["db", "import", bad, "--db", copy]);
    assert.equal(r.code, 2);
    const lines = r.stderr.trim().split("\n");
    assert.equal(lines.length, 2, r.stderr);
    assert.match(lines[0]!, /^claro: error \[BUNDLE_INVALID\]: bundle .*tampered\.ndjson\.gz is invalid: /);
    assert.match(lines[1]!, /^claro: hint: /);
    const afterStatus = await claro(["db", "status", "--db", copy, "--format", "json"]);
    assert.equal(afterStatus.stdout, before.stdout);
  });

  it("exporting an empty database is DB_EMPTY (exit 2) and writes no file", async () => {
    const r = await claro(["db", "export", join(dir, "none.gz"), "--db", `sqlite:${join(dir, "empty.sqlite")}`]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /\[DB_EMPTY\]/);
    assert.throws(() => readFileSync(join(dir, "none.gz")), { code: "ENOENT" });
  });
});
