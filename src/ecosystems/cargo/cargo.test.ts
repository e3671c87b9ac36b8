import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { memoryTree } from "../../../test/support/memory-tree.js";
import { sharedPath } from "../../../test/support/shared.js";
import type { FileTree } from "../../contracts/file-tree.js";
import type { Advisory } from "../../core/advisory.js";
import type { Package } from "../../core/package.js";
import { advisoryLines, langPackage, loadOsvMirror, matcherHits } from "../../../test/support/osv-ecosystem.js";
import { cargoAuditableProbe, readAuditableDeps } from "./auditable.js";
import { parseCargoLock } from "./cargo-lock.js";
import { CARGO_NAMESPACE, cargo, cargoAuditableScanner, cargoLockScanner, cargoMatcher, cargoUpdaters, CARGO_OSV_URL } from "./index.js";

const FIX = sharedPath("fixtures/pkgdb/cargo");
const WANT = join(import.meta.dirname, "testdata", "want");
const want = (name: string): string[] => readFileSync(join(WANT, name), "utf8").trim().split("\n");

const LOCKS: [project: string, file: string, version: number][] = [
  ["trivy", "cargo_normal.lock", 1],
  ["trivy", "cargo_mixed.lock", 1],
  ["trivy", "cargo_v3.lock", 3],
  ["syft", "Cargo.lock", 1],
];

for (const [project, file, lockVersion] of LOCKS) {
  test(`${project}/${file} (lock v${lockVersion}): the scanner's crates equal the upstream test's expected list`, () => {
    const text = readFileSync(join(FIX, project, file), "utf8");
    assert.equal(parseCargoLock(text).lockVersion, lockVersion);
    const tree = memoryTree({ [`app/${project}/Cargo.lock`]: text });
    const got = cargoLockScanner.scan(tree, { distribution: null });
    assert.deepEqual(got.problems, []);
    assert.deepEqual(got.found.map((p) => `${p.name}@${p.version}`).sort(), want(`${project}-${file}.txt`).sort());
    assert.ok(got.found.every((p) => p.type === "cargo" && p.purl === `pkg:cargo/${p.name}@${p.version}` && p.foundIn === `app/${project}/Cargo.lock`));
  });
}

test("Cargo.lock v1 with an incomplete [[package]] reports it as a malformed record and keeps the rest", () => {
  const got = parseCargoLock(
    '[[package]]\nname = "a"\n\n[[package]]\nname = "b"\nversion = "1.0.0"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n',
  );
  assert.deepEqual(
    got.packages.map((p) => [p.name, p.version, p.source]),
    [["b", "1.0.0", "registry+https://github.com/rust-lang/crates.io-index"]],
  );
  assert.deepEqual(got.errors, [{ line: 1, detail: "[[package]] without name or version" }]);
});

/** A tree holding one executable whose probe result is already attached, as the layer walk leaves it. */
function probedTree(path: string, content: Buffer): FileTree {
  const base = memoryTree({ [path]: content });
  const result = cargoAuditableProbe.run(content, path);
  const withProbe = (e: ReturnType<FileTree["stat"]>): ReturnType<FileTree["stat"]> =>
    e && e.path === path && result !== undefined ? { ...e, mode: 0o755, probes: { [cargoAuditableProbe.id]: result } } : e;
  return {
    ...base,
    stat: (p) => withProbe(base.stat(p)),
    entries: () => [...base.entries()].map((e) => withProbe(e)!),
    list: (p) => base.list(p).map((e) => withProbe(e)!),
  };
}

test("trivy/auditable-test.elf: the .dep-v0 section yields the crates trivy's binary parser expects", () => {
  const elf = readFileSync(join(FIX, "trivy", "auditable-test.elf"));
  assert.equal(cargoAuditableProbe.match({ path: "usr/bin/x", mode: 0o100755, size: elf.length }), true);
  const deps = readAuditableDeps(elf);
  assert.deepEqual(
    deps?.map((d) => [d.name, d.source, d.root]),
    [
      ["crate_with_features", "local", true],
      ["library_crate", "local", false],
    ],
  );
  const got = cargoAuditableScanner.scan(probedTree("usr/local/bin/app", elf), { distribution: null });
  assert.deepEqual(got.found.map((p) => `${p.name}@${p.version}`).sort(), want("trivy-auditable-test.elf.txt").sort());
  assert.ok(got.found.every((p) => p.foundIn === "usr/local/bin/app"));
});

test("non-auditable and damaged inputs give no probe result and never throw", () => {
  const elf = readFileSync(join(FIX, "trivy", "auditable-test.elf"));
  const goElf = readFileSync(sharedPath("fixtures/pkgdb/gobinary/trivy/test.elf"));
  assert.equal(readAuditableDeps(goElf), undefined);
  assert.equal(readAuditableDeps(elf.subarray(0, 4096)), undefined);
  assert.equal(readAuditableDeps(Buffer.from("#!/bin/sh\n".repeat(200))), undefined);
  assert.equal(cargoAuditableProbe.run(Buffer.alloc(0), "x"), undefined);
});

const loadAdvisories = (): Promise<Advisory[]> => loadOsvMirror(cargoUpdaters, join(import.meta.dirname, "testdata", "osv"));

const crate = (name: string, version: string): Package => langPackage("cargo", name, version, "Cargo.lock");

test("hand-written RustSec OSV records load as osv:crates.io advisories and match with SemVer precedence", async () => {
  const advisories = await loadAdvisories();
  assert.deepEqual(advisoryLines(advisories, false), [
    "RUSTSEC-2021-0124 osv:crates.io tokio 0.1.14..1.8.4 semver",
    "RUSTSEC-2021-0124 osv:crates.io tokio 1.9.0..1.13.1 semver",
    "RUSTSEC-2022-0013 osv:crates.io regex 0.0.0-0..1.5.5 semver",
  ]);
  const hits = matcherHits(cargoMatcher, CARGO_NAMESPACE, advisories, crate);
  assert.deepEqual(hits("regex", "0.1.0"), ["RUSTSEC-2022-0013"]);
  assert.deepEqual(hits("regex", "1.5.5-beta.1"), ["RUSTSEC-2022-0013"]);
  assert.deepEqual(hits("regex", "1.5.4"), ["RUSTSEC-2022-0013"]);
  assert.deepEqual(hits("regex", "1.5.5"), []);
  assert.deepEqual(hits("regex", "1.7.3"), []);
  assert.deepEqual(hits("tokio", "0.1.13"), []);
  assert.deepEqual(hits("tokio", "0.1.14"), ["RUSTSEC-2021-0124"]);
  assert.deepEqual(hits("tokio", "1.8.4"), []);
  assert.deepEqual(hits("tokio", "1.10.0"), ["RUSTSEC-2021-0124"]);
  assert.deepEqual(hits("tokio", "1.13.1"), []);
  assert.equal(cargoMatcher.handles({ ...crate("tokio", "1.0.0"), type: "npm" }, null), false);
});

test("upstream is OSV.dev's crates.io all.zip; the ecosystem wires its scanners, updater and matcher", async () => {
  const seen: string[] = [];
  const client = { get: async (l: string) => (seen.push(l), { status: "unchanged" as const }), listDir: async () => [] };
  const [u] = await cargoUpdaters({ kind: "upstream" }, client);
  await u?.fetch(null, client);
  assert.deepEqual(seen, [CARGO_OSV_URL]);
  assert.equal(CARGO_OSV_URL, "https://osv-vulnerabilities.storage.googleapis.com/crates.io/all.zip");
  assert.equal(cargo.name, "cargo");
  assert.deepEqual(
    cargo.packageScanners.map((s) => s.id),
    ["cargo-lock", "cargo-auditable"],
  );
  assert.ok(readdirSync(FIX).length > 0);
});
