import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { allRules, checkGroups, knownBenchmarkVersions, listRules } from "./index.js";

describe("check group registry", () => {
  it("holds the four groups, each rule in the group it declares", () => {
    assert.deepEqual(Object.keys(checkGroups), ["image", "dockerfile", "host", "runtime"]);
    for (const [group, rules] of Object.entries(checkGroups)) {
      assert.ok(Object.keys(rules).length > 0, `${group} has rules`);
      for (const r of Object.values(rules)) assert.equal(r.group, group, `${r.id} is registered under ${group}`);
    }
  });

  it("rule ids are unique across groups, so --include/--exclude and ignore files are unambiguous", () => {
    const ids = allRules().map((r) => r.id);
    const dupes = ids.filter((id, i) => ids.indexOf(id) !== i);
    assert.deepEqual(dupes, []);
  });

  it("every rule declares what --list prints: level, severity, needs, remediation", () => {
    for (const r of allRules()) {
      assert.ok(r.level === 1 || r.level === 2, r.id);
      assert.ok(r.needs.length > 0, `${r.id} says which inputs it needs`);
      assert.ok(r.remediation.trim() !== "", `${r.id} has a remediation`);
    }
  });

  it("listRules reports ids in the chosen version, null where a rule has none", () => {
    const list = listRules("1.6.0");
    assert.equal(list.length, allRules().length);
    assert.equal(list.find((e) => e.id === "non-root-user")?.benchmarkId, "4.1");
    assert.ok(knownBenchmarkVersions().includes("1.6.0"));
    const other = listRules("0.0.0-none");
    assert.ok(other.every((e) => e.benchmarkId === null));
  });
});
