import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { test } from "node:test";
import { sharedPath } from "../../../test/support/shared.js";
import type { RpmPackage } from "./package.js";
import { sourceNameFromSrpm } from "./package.js";
import { detectRpmDb, parseRpmDb, type RpmDbKind } from "./rpmdb.js";
import { rpmQuery } from "./testdata/rpm-oracle.js";

interface Fixture {
  readonly kind: RpmDbKind;
  readonly db: string;
  readonly expected: string;
  /** Debian's rpm has no NDB backend, so only bdb and sqlite can be asked directly. */
  readonly backend: "bdb_ro" | "sqlite" | null;
}

const FIXTURES: readonly Fixture[] = [
  { kind: "bdb", db: "bdb/libuuid/Packages", expected: "bdb/libuuid/expected.rpm-qa.tsv", backend: "bdb_ro" },
  { kind: "bdb", db: "bdb/syft-dive/Packages", expected: "bdb/syft-dive/expected.rpm-qa.tsv", backend: "bdb_ro" },
  { kind: "sqlite", db: "sqlite/cbl-mariner-2.0/rpmdb.sqlite", expected: "sqlite/cbl-mariner-2.0/expected.rpm-qa.tsv", backend: "sqlite" },
  { kind: "ndb", db: "ndb/sle15-bci/Packages.db", expected: "ndb/sle15-bci/expected.go-rpmdb.tsv", backend: null },
];

const fixture = (rel: string): string => sharedPath("fixtures/pkgdb/rpmdb", rel);
const none = (v: string | number | null): string => (v === null ? "(none)" : String(v));

/** The columns of the expectation files: NAME EPOCH VERSION RELEASE ARCH SOURCERPM LICENSE. */
function qaLine(p: RpmPackage): string {
  return [p.name, none(p.epoch), p.version, p.release, none(p.arch), none(p.sourceRpm), none(p.license)].join("\t");
}

function parseFixture(f: Fixture): RpmPackage[] {
  const data = readFileSync(fixture(f.db));
  assert.equal(detectRpmDb(f.db, data), f.kind);
  const r = parseRpmDb(f.kind, data, f.db);
  assert.deepEqual(r.problems, []);
  return r.packages;
}

for (const f of FIXTURES) {
  test(`${f.kind} ${f.db}: package list equals ${f.expected}`, () => {
    const want = readFileSync(fixture(f.expected), "utf8")
      .split("\n")
      .filter((l) => l !== "")
      .sort();
    const got = parseFixture(f).map(qaLine).sort();
    assert.ok(want.length > 0);
    assert.deepEqual(got, want);
  });

  test(`${f.kind} ${f.db}: source name is the SRPM name without version-release`, () => {
    for (const p of parseFixture(f)) {
      assert.ok(p.sourceRpm !== null, p.name);
      assert.ok(p.sourceRpm.startsWith(`${p.sourceName}-`), `${p.name}: ${p.sourceName} vs ${p.sourceRpm}`);
      assert.equal(p.sourceRpm.slice(p.sourceName.length + 1).split("-").length, 2, p.sourceRpm);
    }
  });

  if (f.backend !== null) {
    const backend = f.backend;
    test(`${f.kind} ${f.db}: vendor, modularity label, size and file lists equal real rpm's`, () => {
      const dbDir = dirname(fixture(f.db));
      const fields = rpmQuery(dbDir, backend, "%{NAME}\\t%{VENDOR}\\t%{MODULARITYLABEL}\\t%{LONGSIZE}\\n").sort();
      const pkgs = parseFixture(f);
      assert.deepEqual(pkgs.map((p) => [p.name, none(p.vendor), none(p.modularityLabel), none(p.size)].join("\t")).sort(), fields);
      const files = rpmQuery(dbDir, backend, "[%{=NAME}\\t%{FILENAMES}\\n]")
        .filter((l) => !l.endsWith("\t(none)"))
        .sort();
      const ours = pkgs.flatMap((p) => (p.files ?? []).map((file) => `${p.name}\t${file}`)).sort();
      assert.ok(files.length > 0);
      assert.deepEqual(ours, files);
    });
  }
}

test("ndb sle15-bci: every package carries SUSE's vendor and a file list", () => {
  const pkgs = parseFixture(FIXTURES[3]!);
  assert.equal(pkgs.length, 35);
  for (const p of pkgs) assert.match(p.vendor ?? "", /^SUSE LLC/, p.name);
  assert.ok(pkgs.filter((p) => (p.files?.length ?? 0) > 0).length > 30);
  assert.deepEqual(pkgs.find((p) => p.name === "bash")?.files?.includes("/usr/bin/bash"), true);
});

test("detectRpmDb needs both an rpm file name and the backend's magic", () => {
  const bdb = readFileSync(fixture("bdb/syft-dive/Packages"));
  const sqlite = readFileSync(fixture("sqlite/cbl-mariner-2.0/rpmdb.sqlite"));
  assert.equal(detectRpmDb("usr/lib/sysimage/rpm/Packages", bdb), "bdb");
  assert.equal(detectRpmDb("var/lib/rpm/rpmdb.sqlite", sqlite), "sqlite");
  assert.equal(detectRpmDb("var/lib/rpm/rpmdb.sqlite", bdb), null);
  assert.equal(detectRpmDb("var/lib/rpm/Packages.db", bdb), null);
  assert.equal(detectRpmDb("var/lib/apt/lists/deb_dists_main_binary-amd64_Packages", Buffer.from("Package: bash\n")), null);
  assert.equal(detectRpmDb("var/lib/rpm/Packages", Buffer.from("Package: bash\nVersion: 1\n")), null);
  assert.equal(detectRpmDb("var/lib/rpm/Providename", bdb), null);
});

test("sourceNameFromSrpm strips the last two dash fields and the .src.rpm suffix", () => {
  assert.equal(sourceNameFromSrpm("util-linux-2.32.1-42.el8_8.src.rpm"), "util-linux");
  assert.equal(sourceNameFromSrpm("python-3.11-foo-1.2-3.nosrc.rpm"), "python-3.11-foo");
  assert.equal(sourceNameFromSrpm("weird.src.rpm"), null);
  assert.equal(sourceNameFromSrpm("a-1-2.x86_64.rpm"), null);
});
