import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { memoryTree } from "../../../test/support/memory-tree.js";
import { sharedPath } from "../../../test/support/shared.js";
import type { Advisory } from "../../core/advisory.js";
import type { Package } from "../../core/package.js";
import { createFeedClient } from "../../updater/index.js";
import { pythonLockScanner } from "./lock-scanner.js";
import { PYPI_NAMESPACE, pypiMatcher } from "./matcher.js";
import { pypiPurl } from "./names.js";
import { pypiUpdaters } from "./updater.js";

const OSV_DIR = join(import.meta.dirname, "testdata", "osv");
const layer = `sha256:${"2".repeat(64)}` as const;

async function loadAdvisories(): Promise<Advisory[]> {
  const client = createFeedClient();
  const [updater] = await pypiUpdaters({ kind: "dir", path: OSV_DIR }, client);
  assert.ok(updater);
  assert.equal(updater.id, "osv/pypi");
  const fetched = await updater.fetch(null, client);
  assert.equal(fetched.status, "changed");
  if (fetched.status !== "changed") return [];
  const out = updater.parse(fetched.body);
  const advisories = [...out.advisories];
  assert.deepEqual(out.problems, []);
  return advisories;
}

const pkg = (name: string, version: string): Package => ({
  name,
  version,
  type: "pypi",
  arch: null,
  source: null,
  purl: pypiPurl(name, version),
  layer,
  foundIn: "app/requirements.txt",
});

/** What the store's `find` does: exact namespace / name / kind lookup, then the range check. */
function affecting(p: Package, advisories: readonly Advisory[]): string[] {
  assert.ok(pypiMatcher.handles(p, null));
  const queries = pypiMatcher.queries(p, null);
  return advisories
    .filter((a) => queries.some((q) => q.namespace === a.namespace && q.packageName === a.packageName && q.packageKind === a.packageKind))
    .filter((a) => pypiMatcher.isAffected(p, a))
    .map((a) => a.id)
    .sort();
}

test("the OSV records load through the generic factory as osv:PyPI advisories on PEP 503 names", async () => {
  const advisories = await loadAdvisories();
  assert.deepEqual(
    advisories.map((a) => `${a.id} ${a.namespace} ${a.packageName} ${a.introducedVersion ?? "0"}..${a.fixedVersion} ${a.versionScheme} ${a.severity}`).sort(),
    [
      "GHSA-j8r2-6x86-q33q osv:PyPI requests 2.3.0..2.31.0 pep440 medium",
      "GHSA-v845-jxx5-vc9f osv:PyPI urllib3 0..1.26.17 pep440 high",
      "GHSA-v845-jxx5-vc9f osv:PyPI urllib3 2.0.0..2.0.6 pep440 high",
      "PYSEC-2021-142 osv:PyPI pyyaml 0..5.4 pep440 unknown",
    ],
  );
});

test("PEP 440 range edges: introduced inclusive, fixed exclusive, pre-releases and post-releases placed", async () => {
  const advisories = await loadAdvisories();
  const cases: [string, string, string[]][] = [
    ["requests", "2.2.1", []],
    ["requests", "2.3.0", ["GHSA-j8r2-6x86-q33q"]],
    ["requests", "2.28.1", ["GHSA-j8r2-6x86-q33q"]],
    ["requests", "2.31.0rc1", ["GHSA-j8r2-6x86-q33q"]],
    ["requests", "2.31.0", []],
    ["Requests", "2.30.0.post1", ["GHSA-j8r2-6x86-q33q"]],
    ["urllib3", "1.26.12", ["GHSA-v845-jxx5-vc9f"]],
    ["urllib3", "1.26.17", []],
    ["urllib3", "2.0.0a1", []],
    ["urllib3", "2.0.5", ["GHSA-v845-jxx5-vc9f"]],
    ["urllib3", "2.0.6", []],
    ["PyYAML", "5.3.1", ["PYSEC-2021-142"]],
    ["py_yaml", "5.3.1", []],
    ["pyyaml", "5.4", []],
    ["pyyaml", "not-a-version", []],
  ];
  for (const [name, version, want] of cases) assert.deepEqual(affecting(pkg(name, version), advisories), want, `${name} ${version}`);
});

test("trivy's Pipfile_normal.lock, scanned then matched: requests, urllib3 and pyyaml are affected", async () => {
  const advisories = await loadAdvisories();
  const tree = memoryTree({ "app/Pipfile.lock": readFileSync(sharedPath("fixtures", "pkgdb", "python", "trivy", "Pipfile_normal.lock")) });
  const found = pythonLockScanner.scan(tree, { distribution: null }).found.map((p) => ({ ...p, layer }));
  const hits = found.flatMap((p) => affecting(p, advisories).map((id) => `${p.name}@${p.version} ${id}`));
  assert.deepEqual(hits, ["pyyaml@5.1 PYSEC-2021-142", "requests@2.21.0 GHSA-j8r2-6x86-q33q", "urllib3@1.24.2 GHSA-v845-jxx5-vc9f"]);
});

test("only pypi packages are handled, with or without a distribution", () => {
  const deb: Package = { ...pkg("python3-requests", "2.28.1-1"), type: "deb" };
  assert.equal(pypiMatcher.handles(deb, null), false);
  assert.equal(pypiMatcher.handles(pkg("six", "1.16.0"), { id: "debian", versionId: "12", codename: "bookworm", prettyName: null }), true);
  assert.deepEqual(pypiMatcher.queries(pkg("Zope.Interface", "6.0"), null), [
    { namespace: PYPI_NAMESPACE, packageName: "zope-interface", packageKind: "binary" },
  ]);
});
