import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { parseDpkgStatus } from "../../formats/dpkg/status.js";
import { memoryTree } from "../../../test/support/memory-tree.js";
import { sharedPath } from "../../../test/support/shared.js";
import { dpkgPackageScanner } from "./index.js";

// syft's opkg fixture: an OpenWrt/opkg status database, deb822 stanzas like dpkg's but with opkg's
// own `Status: install user installed`. claro has no opkg (OpenWrt) support; this pins what the
// Debian scanner does with it and why, with the real dpkg-query as the reference.
const text = readFileSync(sharedPath("fixtures", "pkgdb", "dpkg", "syft", "opkg", "status"));

test("dpkg-query rejects the opkg status file (the `user` status flag is not dpkg's), so there is no dpkg expectation", () => {
  const admin = mkdtempSync(join(tmpdir(), "claro-opkg-"));
  try {
    mkdirSync(join(admin, "updates"));
    mkdirSync(join(admin, "info"));
    writeFileSync(join(admin, "status"), text);
    assert.throws(
      () => execFileSync("dpkg-query", [`--admindir=${admin}`, "-W", "-f=${Package}\\n"], { stdio: "pipe" }),
      (e: unknown) => e instanceof Error && /Status' field: has invalid value 'user installed'/.test(String((e as { stderr?: Buffer }).stderr)),
    );
  } finally {
    rmSync(admin, { recursive: true, force: true });
  }
});

test("the deb822 reader still reads the three opkg stanzas (what syft reports: dropbear, busybox, kernel-modules)", () => {
  const r = parseDpkgStatus(text, "usr/lib/opkg/status");
  assert.deepEqual(r.problems, []);
  assert.deepEqual(
    r.records.map((x) => [x.name, x.version, x.architecture]),
    [
      ["dropbear", "2024.85-r0", "x86_64"],
      ["busybox", "1.36.1-r3", "x86_64"],
      ["kernel-modules", "6.6.0-r0", "x86_64"],
    ],
  );
});

test("the Debian package scanner does not read opkg's database path, so an OpenWrt root yields no deb packages", () => {
  const tree = memoryTree({ "usr/lib/opkg/status": text });
  const r = dpkgPackageScanner.scan(tree, { distribution: null });
  assert.deepEqual(r.found, []);
  assert.ok(!dpkgPackageScanner.wants.some((w) => w.includes("opkg")));
});
