import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { memoryTree } from "../../../test/support/memory-tree.js";
import { loadOsvMirror } from "../../../test/support/osv-ecosystem.js";
import { NUGET_NAMESPACE, nuget, nugetMatcher, nugetUpdaters } from "./index.js";
import { nugetCentralPackagesScanner, parsePackagesProps } from "./packages-props.js";

const PROPS = join(import.meta.dirname, "testdata", "props");
const want = JSON.parse(readFileSync(join(PROPS, "want.json"), "utf8")) as Record<string, string[]>;

for (const file of ["Directory.Packages.props", "packages.props"]) {
  test(`testdata/props/${file}: the pins of want.json (properties resolved, ranges and floating versions skipped)`, () => {
    const path = `src/${file}`;
    const got = nugetCentralPackagesScanner.scan(memoryTree({ [path]: readFileSync(join(PROPS, file), "utf8") }), { distribution: null });
    assert.deepEqual(got.problems, []);
    assert.deepEqual(got.found.map((p) => `${p.name}@${p.version}${p.dev === true ? " dev" : ""}`).sort(), want[file]);
    assert.ok(got.found.every((p) => p.type === "nuget" && p.foundIn === path && p.purl === `pkg:nuget/${p.name}@${p.version}`));
  });
}

test("broken XML is a problem; project files are not central pins; the scanner is wired into nuget", () => {
  assert.equal(typeof parsePackagesProps("<Project><ItemGroup>"), "string");
  const got = nugetCentralPackagesScanner.scan(memoryTree({ "a/Directory.Packages.props": "<Project", "b/App.csproj": "<Project/>" }), { distribution: null });
  assert.deepEqual(got.found, []);
  assert.deepEqual(
    got.problems.map((p) => ("path" in p ? p.path : "")),
    ["a/Directory.Packages.props"],
  );
  assert.deepEqual(parsePackagesProps('<Project><ItemGroup><PackageReference Include="NotAPin" Version="1.0.0" /></ItemGroup></Project>'), []);
  assert.ok(nuget.packageScanners.includes(nugetCentralPackagesScanner));
});

test("centrally pinned packages match NuGet's OSV records through the NuGet matcher", async () => {
  const advisories = await loadOsvMirror(nugetUpdaters, join(import.meta.dirname, "testdata", "osv"));
  const found = nugetCentralPackagesScanner.scan(memoryTree({ "Directory.Packages.props": readFileSync(join(PROPS, "Directory.Packages.props"), "utf8") }), {
    distribution: null,
  }).found;
  const rows = found.map((p) => {
    const pkg = { ...p, layer: `sha256:${"4".repeat(64)}` as const };
    const qs = nugetMatcher.queries(pkg, null);
    assert.ok(qs.every((q) => q.namespace === NUGET_NAMESPACE));
    const ids = [...new Set(advisories.filter((a) => qs.some((q) => q.packageName === a.packageName) && nugetMatcher.isAffected(pkg, a)).map((a) => a.id))];
    return `${p.name}@${p.version}: ${ids.sort().join(",")}`;
  });
  assert.deepEqual(rows.sort(), [
    "Moq@4.20.69: ",
    "Nerdbank.GitVersioning@3.6.133: ",
    "Newtonsoft.Json@12.0.3: GHSA-5crp-9r3c-p9vr",
    "Serilog@2.10.0: ",
    "System.Text.Encodings.Web@4.7.1: GHSA-ghhp-997w-qr28",
  ]);
});
