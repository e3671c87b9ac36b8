import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { memoryTree } from "../../../test/support/memory-tree.js";
import { sharedPath } from "../../../test/support/shared.js";
import type { Advisory } from "../../core/advisory.js";
import type { Package } from "../../core/package.js";
import { advisoryLines, langPackage, loadOsvMirror, matcherHits } from "../../../test/support/osv-ecosystem.js";
import { NUGET_NAMESPACE, NUGET_OSV_URL, nuget, nugetMatcher, nugetScanner, nugetUpdaters } from "./index.js";

const FIX = sharedPath("fixtures/pkgdb/dotnet");
const TESTDATA = join(import.meta.dirname, "testdata");
const want = (name: string): string[] =>
  readFileSync(join(TESTDATA, "want", name), "utf8")
    .trim()
    .split("\n")
    .sort();

function scanOne(path: string, text: string): string[] {
  const got = nugetScanner.scan(memoryTree({ [path]: text }), { distribution: null });
  assert.deepEqual(got.problems, []);
  assert.ok(got.found.every((p) => p.type === "nuget" && p.purl === `pkg:nuget/${p.name}@${p.version}` && p.foundIn === path));
  return got.found.map((p) => `${p.name}@${p.version}`).sort();
}

for (const file of ["happy.deps.json", "multi-project.deps.json", "self-contained.deps.json", "without-runtime.deps.json"]) {
  test(`trivy/${file}: equals trivy's expected packages minus the project entries (runtimepack prefix stripped, asset-less packages skipped, as trivy does)`, () => {
    assert.deepEqual(scanOne(`app/${file}`, readFileSync(join(FIX, "trivy", file), "utf8")), want(`trivy-${file}.txt`));
  });
}

test("trivy/packages_lock_simple.json (as packages.lock.json): its two resolved Direct packages", () => {
  assert.deepEqual(
    scanOne("src/app/packages.lock.json", readFileSync(join(FIX, "trivy", "packages_lock_simple.json"), "utf8")),
    want("trivy-packages_lock_simple.json.txt"),
  );
});

test("syft/TestLibrary.deps.json: syft's 12 packages minus the two that deploy no runtime assets (DiagnosticSource, CompilerServices.Unsafe); projects left out", () => {
  const got = scanOne("app/TestLibrary.deps.json", readFileSync(join(FIX, "syft", "TestLibrary.deps.json"), "utf8"));
  const skipped = ["System.Diagnostics.DiagnosticSource@6.0.0", "System.Runtime.CompilerServices.Unsafe@6.0.0"];
  assert.deepEqual(
    got,
    want("syft-TestLibrary.deps.json.txt").filter((p) => !skipped.includes(p)),
  );
});

test("packages.lock.json: Project references are skipped and a package resolved for two frameworks counts once; bad JSON is a problem", () => {
  const lock = JSON.stringify({
    version: 2,
    dependencies: {
      "net6.0": { Serilog: { type: "Direct", resolved: "2.10.0" }, Shared: { type: "Project" } },
      "net8.0": { Serilog: { type: "Direct", resolved: "2.10.0" }, "System.Text.Json": { type: "CentralTransitive", resolved: "8.0.4" } },
    },
  });
  assert.deepEqual(scanOne("packages.lock.json", lock), ["Serilog@2.10.0", "System.Text.Json@8.0.4"]);
  const bad = nugetScanner.scan(memoryTree({ "x/app.deps.json": "{", "deps.json": "{}" }), { distribution: null });
  assert.deepEqual(bad.found, []);
  assert.deepEqual(
    bad.problems.map((p) => [p.kind, "path" in p ? p.path : ""]),
    [["malformed-record", "x/app.deps.json"]],
  );
});

const loadAdvisories = (): Promise<Advisory[]> => loadOsvMirror(nugetUpdaters, join(TESTDATA, "osv"));

const pkg = (name: string, version: string): Package => langPackage("nuget", name, version, "app.deps.json");

test("hand-written NuGet OSV records load as osv:NuGet advisories on case-folded ids and match with NuGet ordering", async () => {
  const advisories = await loadAdvisories();
  assert.deepEqual(advisoryLines(advisories), [
    "GHSA-5crp-9r3c-p9vr osv:NuGet newtonsoft.json -..13.0.1 nuget high",
    "GHSA-ghhp-997w-qr28 osv:NuGet system.text.encodings.web 4.0.0..4.5.1 nuget critical",
    "GHSA-ghhp-997w-qr28 osv:NuGet system.text.encodings.web 4.6.0..4.7.2 nuget critical",
    "GHSA-ghhp-997w-qr28 osv:NuGet system.text.encodings.web 5.0.0..5.0.1 nuget critical",
  ]);
  const hits = matcherHits(nugetMatcher, NUGET_NAMESPACE, advisories, pkg);
  // 12.0.3 is what trivy's packages_lock_simple.json resolves; 13.0.1 is in its deps.json fixtures.
  assert.deepEqual(hits("Newtonsoft.Json", "12.0.3"), ["GHSA-5crp-9r3c-p9vr"]);
  assert.deepEqual(hits("newtonsoft.json", "13.0.1-beta1"), ["GHSA-5crp-9r3c-p9vr"]);
  assert.deepEqual(hits("Newtonsoft.Json", "13.0.1"), []);
  assert.deepEqual(hits("System.Text.Encodings.Web", "4.5.0"), ["GHSA-ghhp-997w-qr28"]);
  assert.deepEqual(hits("System.Text.Encodings.Web", "4.5.1"), []);
  assert.deepEqual(hits("System.Text.Encodings.Web", "4.7.1.0"), ["GHSA-ghhp-997w-qr28"]);
  assert.deepEqual(hits("System.Text.Encodings.Web", "5.0.0.1"), ["GHSA-ghhp-997w-qr28"]);
  assert.deepEqual(hits("System.Text.Encodings.Web", "5.0.1"), []);
});

test("upstream is OSV.dev's NuGet all.zip; the ecosystem wires its scanner", async () => {
  const seen: string[] = [];
  const client = { get: async (l: string) => (seen.push(l), { status: "unchanged" as const }), listDir: async () => [] };
  const [u] = await nugetUpdaters({ kind: "upstream" }, client);
  await u?.fetch(null, client);
  assert.deepEqual(seen, [NUGET_OSV_URL]);
  assert.equal(NUGET_OSV_URL, "https://osv-vulnerabilities.storage.googleapis.com/NuGet/all.zip");
  assert.deepEqual(
    nuget.packageScanners.map((s) => s.id),
    ["nuget", "nuget-central-packages"],
  );
});
