/**
 * A full disk, for real: a 1 MiB tmpfs holds the database and the report. Mounting needs root
 * (CI runs as root); elsewhere the test says it was skipped and why.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { claro } from "../support/claro.js";
import { sharedPath } from "../support/shared.js";

const dir = mkdtempSync(join(tmpdir(), "claro-disk-full-"));
let mounted = false;
before(() => {
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", dir], { stdio: "ignore" });
    mounted = true;
  } catch {
    mounted = false;
  }
});
after(() => {
  if (mounted) execFileSync("umount", [dir], { stdio: "ignore" });
  rmSync(dir, { recursive: true, force: true });
});

test("a full disk: the update fails with exit 2 and a hint, the data already there still matches, and a report is never half-written", async (t) => {
  if (!mounted) return t.skip("mounting a tmpfs needs root");
  const db = `sqlite:${join(dir, "db.sqlite")}`;
  const image = `oci-archive:${sharedPath("images", "debian-bookworm.oci.tar")}:bookworm-multilayer`;
  const report = join(dir, "report.json");
  const debian = await claro([
    "db",
    "update",
    "-q",
    "--db",
    db,
    "--source",
    `debian=${sharedPath("fixtures", "vulndata", "debian", "derived-bookworm", "data.json")}`,
  ]);
  assert.equal(debian.code, 0, debian.stderr);
  const before = await claro(["scan", "--db", db, "--format", "json", "--output", report, image]);
  assert.equal(before.code, 0, before.stderr);
  const written = readFileSync(report, "utf8");
  const found = (JSON.parse(written) as { vulnerabilities: { id: string }[] }).vulnerabilities.length;
  assert.ok(found > 0);

  // Every Alpine secdb does not fit in what is left.
  const alpine = await claro(["db", "update", "-q", "--db", db, "--source", `alpine=${sharedPath("fixtures", "vulndata", "alpine", "secdb-yaml")}`]);
  assert.equal(alpine.code, 2, alpine.stderr);
  assert.match(alpine.stderr, /database or disk is full/);
  assert.match(alpine.stderr, /hint: the disk holding the database is full/);

  // The full disk refuses the new report: exit 2, one line naming the cause, the earlier report whole.
  const again = await claro(["scan", "--db", db, "--format", "json", "--output", report, image]);
  assert.equal(again.code, 2, again.stderr);
  // Warnings (the npm and Go packages this database cannot match) may come first; the error is one line.
  const errors = again.stderr.split("\n").filter((l) => l.startsWith("claro: error"));
  assert.equal(errors.length, 1, again.stderr);
  assert.match(errors[0]!, /^claro: error \[OUTPUT_FAILED\]: cannot write the report to .*report\.json: no space left on device$/);
  assert.equal(readFileSync(report, "utf8"), written);

  // The Debian data survived the failed update: the same findings, printed to stdout.
  const stdout = await claro(["scan", "--db", db, "--format", "json", image]);
  assert.equal(stdout.code, 0, stdout.stderr);
  assert.equal((JSON.parse(stdout.stdout) as { vulnerabilities: unknown[] }).vulnerabilities.length, found);
});
