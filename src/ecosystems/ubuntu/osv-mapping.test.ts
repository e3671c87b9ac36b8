import assert from "node:assert/strict";
import { test } from "node:test";
import { intervalsOf, parseUbuntuEcosystem, severityOfPriority, ubuntuFixStatus, ubuntuNamespace } from "./osv-mapping.js";

test("Ubuntu tracker statuses map to fix statuses", () => {
  const cases: [string, string, string | undefined][] = [
    ["released", "", "fixed"],
    ["needed", "", "affected"],
    ["needs-triage", "", "affected"],
    ["pending", "", "affected"],
    ["deferred", "2024-03-01", "fix_deferred"],
    ["ignored", "superseded by a later fix", "will_not_fix"],
    ["ignored", "end of standard support", "end_of_life"],
    ["ignored", "end of life", "end_of_life"],
    ["not-affected", "code not present", "not_affected"],
    ["DNE", "", "not_affected"],
    ["something-else", "", undefined],
  ];
  for (const [status, note, want] of cases) assert.equal(ubuntuFixStatus(status, note), want, `${status} (${note})`);
});

test("ecosystems → namespaces; FIPS streams are not mapped", () => {
  assert.deepEqual(parseUbuntuEcosystem("Ubuntu:22.04:LTS"), { version: "22.04", pro: false });
  assert.deepEqual(parseUbuntuEcosystem("Ubuntu:25.10"), { version: "25.10", pro: false });
  assert.deepEqual(parseUbuntuEcosystem("Ubuntu:Pro:16.04:LTS"), { version: "16.04", pro: true });
  assert.equal(parseUbuntuEcosystem("Ubuntu:Pro:FIPS-updates:22.04:LTS"), undefined);
  assert.equal(parseUbuntuEcosystem("Debian:12"), undefined);
  assert.equal(ubuntuNamespace("22.04", false), "ubuntu:22.04");
  assert.equal(ubuntuNamespace("22.04", true), "ubuntu:22.04:esm");
});

test("priorities and range events", () => {
  assert.deepEqual(["negligible", "low", "medium", "high", "critical", "untriaged"].map(severityOfPriority), [
    "negligible",
    "low",
    "medium",
    "high",
    "critical",
    "unknown",
  ]);
  assert.deepEqual(intervalsOf([{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "1.2-1" }] }]).intervals, [{ introduced: null, fixed: "1.2-1" }]);
  assert.deepEqual(intervalsOf([{ type: "ECOSYSTEM", events: [{ introduced: "1.0-1" }] }]).intervals, [{ introduced: "1.0-1", fixed: null }]);
  assert.deepEqual(intervalsOf([{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { last_affected: "1.0" }] }]).unsupported, ["event last_affected"]);
  assert.deepEqual(intervalsOf([{ type: "GIT", events: [{ introduced: "abc" }] }]).unsupported, ["range type GIT"]);
});
