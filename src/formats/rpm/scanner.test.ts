import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { memoryTree } from "../../../test/support/memory-tree.js";
import { sharedPath } from "../../../test/support/shared.js";
import { parseRpmDb } from "./rpmdb.js";
import { rpmEvr, rpmPackageScanner } from "./scanner.js";

const mariner = { id: "mariner", versionId: "2.0", codename: null, prettyName: null };

test("the rpm scanner lists the SQLite rpmdb at the rpm ≥ 4.16 path, without gpg-pubkey entries", () => {
  const dir = sharedPath("fixtures", "pkgdb", "rpmdb", "sqlite", "cbl-mariner-2.0");
  const db = readdirSync(dir).find((f) => f.endsWith(".sqlite"))!;
  const data = readFileSync(join(dir, db));
  const tree = memoryTree({ "var/lib/rpm/rpmdb.sqlite": data });
  const { found, problems } = rpmPackageScanner.scan(tree, { distribution: mariner });
  assert.deepEqual(problems, []);
  const direct = parseRpmDb("sqlite", data, "x").packages.filter((p) => p.name !== "gpg-pubkey");
  assert.equal(found.length, direct.length);
  assert.ok(found.length > 100);
  const first = found[0]!;
  const raw = direct[0]!;
  assert.equal(first.version, rpmEvr(raw));
  assert.equal(first.type, "rpm");
  assert.equal(first.source?.name, raw.sourceName);
  assert.match(first.purl, /^pkg:rpm\/mariner\/[^@]+@[^?]+\?arch=[^&]+&distro=mariner-2\.0&upstream=.+\.src\.rpm$/);
});

test("an unknown file at an rpmdb path is a problem, not a crash; a tree without rpmdb finds nothing", () => {
  const bad = rpmPackageScanner.scan(memoryTree({ "var/lib/rpm/Packages": "Package: not-an-rpmdb\n" }), { distribution: null });
  assert.equal(bad.found.length, 0);
  assert.equal(bad.problems[0]?.kind, "unreadable-file");
  assert.deepEqual(rpmPackageScanner.scan(memoryTree({ "etc/os-release": "ID=x\n" }), { distribution: null }), { found: [], problems: [] });
});

test("EVR omits a zero or absent epoch, as rpm prints it", () => {
  assert.equal(rpmEvr({ epoch: null, version: "1.2", release: "3.el9" }), "1.2-3.el9");
  assert.equal(rpmEvr({ epoch: 0, version: "1.2", release: "3" }), "1.2-3");
  assert.equal(rpmEvr({ epoch: 2, version: "1.2", release: "3" }), "2:1.2-3");
});

test("distroless Mariner: container-manifest-2 is read when there is no rpmdb; a garbled line is a problem", () => {
  const text = readFileSync(sharedPath("fixtures", "pkgdb", "rpmdb", "mariner-distroless", "container-manifest-2"), "utf8");
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  const { found, problems } = rpmPackageScanner.scan(memoryTree({ "var/lib/rpmmanifest/container-manifest-2": text }), { distribution: mariner });
  assert.deepEqual(problems, []);
  assert.equal(found.length, lines.length);
  const glibc = found.find((p) => p.name === "glibc");
  assert.equal(glibc?.version, "2.35-2.cm2");
  assert.equal(glibc?.arch, "x86_64");
  assert.equal(glibc?.source?.name, "glibc");
  // Name and version-release come back as written; the epoch column (vim has 2) is prefixed, as EVRs are.
  assert.deepEqual(
    found.map((p) => `${p.name} ${p.version.replace(/^\d+:/, "")}`),
    lines.map((l) => l.split("\t").slice(0, 2).join(" ")),
  );
  assert.equal(found.find((p) => p.name === "vim")?.version, "2:9.0-1.cm2");
  const broken = rpmPackageScanner.scan(memoryTree({ "var/lib/rpmmanifest/container-manifest-2": `${lines[0]}\nbroken line\n` }), { distribution: mariner });
  assert.equal(broken.found.length, 1);
  assert.equal(broken.problems[0]?.kind, "malformed-record");
});
