import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { memoryTree } from "../../../test/support/memory-tree.js";
import { loadOsvMirror } from "../../../test/support/osv-ecosystem.js";
import { sharedPath } from "../../../test/support/shared.js";
import { PYPI_NAMESPACE, pypiMatcher, pypiUpdaters, pythonLockScanner } from "./index.js";
import { isPylockName, parsePylock } from "./pylock.js";

const FIX = sharedPath("fixtures/pkgdb/pylock/pdm/demo");

test("pdm/demo/pylock.toml: every [[packages]] entry of expected.json, none flagged dev (PEP 751 has no such flag)", () => {
  const expected = JSON.parse(readFileSync(join(FIX, "expected.json"), "utf8")) as { name: string; version: string }[];
  const got = pythonLockScanner.scan(memoryTree({ "app/pylock.toml": readFileSync(join(FIX, "pylock.toml"), "utf8") }), { distribution: null });
  assert.deepEqual(got.problems, []);
  assert.deepEqual(got.found.map((p) => `${p.name}@${p.version}`).sort(), expected.map((p) => `${p.name}@${p.version}`).sort());
  assert.ok(got.found.every((p) => p.type === "pypi" && p.dev === undefined && p.purl === `pkg:pypi/${p.name}@${p.version}`));
});

test("named lockfiles (pylock.<name>.toml) are read; version-less VCS packages skipped; an unknown major lock-version is refused", () => {
  assert.ok(isPylockName("pylock.toml") && isPylockName("pylock.dev.toml"));
  assert.ok(!isPylockName("pylock.a.b.toml") && !isPylockName("mypylock.toml"));
  const lock = [
    'lock-version = "1.0"',
    'created-by = "hand"',
    "[[packages]]",
    'name = "Flask"',
    'version = "2.0.1"',
    "[[packages]]",
    'name = "mylib"',
    "[packages.vcs]",
    'type = "git"',
    'url = "https://example.com/mylib.git"',
    'commit-id = "0123abcd"',
    "",
  ].join("\n");
  const got = pythonLockScanner.scan(memoryTree({ "srv/pylock.web.toml": lock }), { distribution: null });
  assert.deepEqual(
    got.found.map((p) => `${p.name}@${p.version}`),
    ["flask@2.0.1"],
  );
  assert.deepEqual(
    parsePylock('lock-version = "2.0"\n', "pylock.toml").problems.map((p) => p.kind),
    ["malformed-record"],
  );
  assert.equal(parsePylock("[[packages]\n", "pylock.toml").problems.length, 1);
});

test("pylock.toml packages match PyPI's OSV records (requests GHSA-j8r2-6x86-q33q) through the PyPI matcher", async () => {
  const advisories = await loadOsvMirror(pypiUpdaters, join(import.meta.dirname, "testdata", "osv"));
  const found = pythonLockScanner.scan(memoryTree({ "pylock.toml": readFileSync(join(FIX, "pylock.toml"), "utf8") }), { distribution: null }).found;
  const hits = (name: string): string[] => {
    const p = found.find((f) => f.name === name);
    assert.ok(p !== undefined);
    const pkg = { ...p, layer: `sha256:${"2".repeat(64)}` as const };
    const qs = pypiMatcher.queries(pkg, null);
    assert.ok(qs.every((q) => q.namespace === PYPI_NAMESPACE));
    return [...new Set(advisories.filter((a) => qs.some((q) => q.packageName === a.packageName) && pypiMatcher.isAffected(pkg, a)).map((a) => a.id))].sort();
  };
  // requests 2.27.1 is in [2.3.0, 2.31.0); urllib3 1.26.20 is past both urllib3 fixes.
  assert.deepEqual(hits("requests"), ["GHSA-j8r2-6x86-q33q"]);
  assert.deepEqual(hits("urllib3"), []);
});
