import assert from "node:assert/strict";
import { test } from "node:test";
import { identify } from "./mapping.js";
import type { OvalDefinition } from "./types.js";

function def(title: string, refIds: readonly string[], cls = "patch"): OvalDefinition {
  return {
    id: "oval:org.opensuse.security:def:1",
    class: cls,
    title,
    description: null,
    platforms: [],
    references: refIds.map((refId) => ({ refId, refUrl: null, source: "SUSE-SU" })),
    cves: [],
    severity: null,
    extra: {},
    criteria: null,
  };
}

test("openSUSE-SU advisory ids are ids (issue 12.5): no word boundary sits inside `openSUSE-SU`", () => {
  assert.deepEqual(identify(def("openSUSE-SU-2021:0579-1: Security update for xterm", [])), { id: "openSUSE-SU-2021:0579-1", aliases: [] });
  assert.deepEqual(identify(def("Security update", ["openSUSE-SU-2021:0579-1", "openSUSE-SU-2021:0758-1"])), {
    id: "openSUSE-SU-2021:0579-1",
    aliases: ["openSUSE-SU-2021:0758-1"],
  });
  // A vulnerability definition keeps its CVE as the id and the openSUSE update as an alias.
  assert.deepEqual(identify(def("CVE-2021-27135", ["openSUSE-SU-2021:0579-1"], "vulnerability")), {
    id: "CVE-2021-27135",
    aliases: ["openSUSE-SU-2021:0579-1"],
  });
});

test("SUSE-SU, ELSA and PHSA ids are still read, and an id glued to other text is not", () => {
  assert.equal(identify(def("SUSE-SU-2024:1234-1", []))?.id, "SUSE-SU-2024:1234-1");
  assert.equal(identify(def("ELSA-2023-1234", []))?.id, "ELSA-2023-1234");
  assert.equal(identify(def("xSUSE-SU-2024:1234-1", [])), undefined);
});
