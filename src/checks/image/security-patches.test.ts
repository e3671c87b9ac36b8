import assert from "node:assert/strict";
import { test } from "node:test";
import { securityPatches } from "./security-patches.js";
import { input } from "./testdata/fixtures.js";

test("security-patches is manual with instructions, never a silent pass", () => {
  const out = securityPatches.evaluate(input({ files: { "etc/passwd": "root:x:0:0::/:/bin/sh\n" } }));
  assert.equal(out.status, "manual");
  if (out.status === "manual") assert.ok(out.instructions.length > 40);
});
