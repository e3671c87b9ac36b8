import assert from "node:assert/strict";
import { test } from "node:test";
import { parseOval, type OvalProfile } from "./advisories.js";
import { rpmRecordAffects } from "./matcher.js";

// Issue 12 (9): an unfixed record with no version bound means every version is affected.
const generic: OvalProfile = {
  updater: "t",
  cvssSource: "t",
  defaultNamespace: null,
  namespaceOf: (l) => (l.name === "test-release" ? `test:${l.fields["version"]?.value ?? ""}` : undefined),
};
const doc = (defs: string, tests: string, objects: string, states: string): Buffer =>
  Buffer.from(
    `<oval_definitions xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5"><definitions>${defs}</definitions><tests>${tests}</tests><objects>${objects}</objects><states>${states}</states></oval_definitions>`,
  );
const REL = `<rpminfo_test id="r"><object object_ref="or"/><state state_ref="sr"/></rpminfo_test>`;
const REL_OBJ = `<rpminfo_object id="or"><name>test-release</name></rpminfo_object>`;
const REL_STATE = `<rpminfo_state id="sr"><version operation="equals">1</version></rpminfo_state>`;

test("a package criterion without a version bound is an `affected` record for every version", () => {
  const body = doc(
    `<definition id="d" class="vulnerability"><metadata><title>CVE-2024-0009</title></metadata><criteria operator="AND"><criterion test_ref="r"/><criteria operator="OR"><criterion test_ref="any"/><criterion test_ref="archonly"/></criteria></criteria></definition>`,
    `${REL}<rpminfo_test id="any" check="at least one"><object object_ref="o1"/></rpminfo_test><rpminfo_test id="archonly"><object object_ref="o2"/><state state_ref="s2"/></rpminfo_test>`,
    `${REL_OBJ}<rpminfo_object id="o1"><name>libfoo</name></rpminfo_object><rpminfo_object id="o2"><name>libbar</name></rpminfo_object>`,
    `${REL_STATE}<rpminfo_state id="s2"><arch operation="pattern match">(x86_64)</arch></rpminfo_state>`,
  );
  const out = parseOval(body, generic);
  const recs = [...out.advisories];
  assert.deepEqual(
    recs.map((r) => [r.id, r.namespace, r.packageName, r.status, r.fixedVersion, r.introducedVersion, r.lastAffectedVersion ?? null]),
    [
      ["CVE-2024-0009", "test:1", "libfoo", "affected", null, null, null],
      ["CVE-2024-0009", "test:1/x86_64", "libbar", "affected", null, null, null],
    ],
  );
  for (const r of recs) assert.equal(rpmRecordAffects("99:9.9-9", r), true);
});

test("an unbounded package beside a bounded one is a condition, not a second affected package", () => {
  const body = doc(
    `<definition id="d" class="vulnerability"><metadata><title>CVE-2024-0010</title></metadata><criteria operator="AND"><criterion test_ref="r"/><criterion test_ref="flavour"/><criterion test_ref="fix"/></criteria></definition>`,
    `${REL}<rpminfo_test id="flavour"><object object_ref="o1"/></rpminfo_test><rpminfo_test id="fix"><object object_ref="o2"/><state state_ref="s2"/></rpminfo_test>`,
    `${REL_OBJ}<rpminfo_object id="o1"><name>kernel-default</name></rpminfo_object><rpminfo_object id="o2"><name>kernel-livepatch</name></rpminfo_object>`,
    `${REL_STATE}<rpminfo_state id="s2"><evr operation="less than">0:1-2</evr></rpminfo_state>`,
  );
  const recs = [...parseOval(body, generic).advisories];
  assert.deepEqual(
    recs.map((r) => [r.packageName, r.status, r.fixedVersion]),
    [["kernel-livepatch", "fixed", "1-2"]],
  );
});
