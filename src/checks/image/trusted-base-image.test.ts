import assert from "node:assert/strict";
import { test } from "node:test";
import { trustedBaseImage } from "./trusted-base-image.js";
import { input } from "./testdata/fixtures.js";

test("trusted-base-image is manual with instructions, never a silent pass", () => {
  const out = trustedBaseImage.evaluate(input({ files: { "etc/passwd": "root:x:0:0::/:/bin/sh\n" } }));
  assert.equal(out.status, "manual");
  if (out.status === "manual") assert.ok(out.instructions.length > 40);
});
