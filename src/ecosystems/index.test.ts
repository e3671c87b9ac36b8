import assert from "node:assert/strict";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { ecosystems } from "./index.js";

test("every ecosystem folder is registered, and every entry is a complete Ecosystem", async () => {
  const dir = import.meta.dirname;
  const folders = readdirSync(dir)
    .filter((n) => statSync(join(dir, n)).isDirectory() && n !== "testdata")
    .sort();
  assert.deepEqual(Object.keys(ecosystems).sort(), folders);
  for (const [key, eco] of Object.entries(ecosystems)) {
    assert.equal(eco.name, key, `${key}: name must equal its registry key`);
    // Language ecosystems (Go, npm, PyPI…) detect no OS; they still need something to scan with.
    assert.ok(eco.distributionScanners.length + eco.packageScanners.length > 0, `${key}: needs a scanner`);
    assert.ok(eco.packageScanners.length > 0, `${key}: needs a package scanner`);
    assert.equal(typeof eco.updaters, "function");
    assert.equal(typeof eco.matcher.isAffected, "function");
    for (const s of [...eco.distributionScanners, ...eco.packageScanners]) {
      assert.match(s.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(Number.isInteger(s.version) && s.version > 0);
      // A scanner that finds its files by content (a probe) may want no paths by name.
      assert.ok(s.wants.length > 0 || (s.kind === "package" && s.probe !== undefined), `${key}/${s.id}: declares no wanted paths and no probe`);
      for (const w of s.wants) assert.ok(!w.startsWith("/"), `${key}/${s.id}: wants are relative`);
    }
  }
  // Scanner ids are cache keys and the indexer runs each id once: ecosystems may share a scanner
  // (Alpine, Wolfi and Chainguard share the apk one) but two different scanners may not share an id.
  const byId = new Map<string, unknown>();
  for (const eco of Object.values(ecosystems)) {
    for (const s of [...eco.distributionScanners, ...eco.packageScanners]) {
      const seen = byId.get(s.id);
      assert.ok(seen === undefined || seen === s, `scanner id ${s.id} is used by two different scanners`);
      byId.set(s.id, s);
    }
  }
});
