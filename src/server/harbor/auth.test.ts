import assert from "node:assert/strict";
import { test } from "node:test";
import { loadServeSettings } from "../../cli/serve-command.js";
import { isFatalError } from "../../core/problem.js";
import { checkHarborAuth, harborChallenge } from "./auth.js";

const BASIC = `Basic ${Buffer.from("harbor:s3cret").toString("base64")}`;

test("Harbor auth: the configured Bearer or Basic value, scheme case-insensitive, nothing else", () => {
  assert.equal(checkHarborAuth("Bearer tok-123", { authorization: "Bearer tok-123" }), null);
  assert.equal(checkHarborAuth("Bearer tok-123", { authorization: "bearer  tok-123" }), null);
  assert.equal(checkHarborAuth(BASIC, { authorization: BASIC }), null);
  // Harbor's "X-ScannerAdapter-API-Key" registration sends the bare token in that header.
  assert.equal(checkHarborAuth("Bearer tok-123", { "x-scanneradapter-api-key": "tok-123" }), null);
  assert.equal(checkHarborAuth(BASIC, { "x-scanneradapter-api-key": BASIC.slice(6) }), "missing Authorization header");
  assert.equal(checkHarborAuth("Bearer tok-123", {}), "missing Authorization header");
  for (const wrong of ["Bearer tok-12", "Bearer tok-1234", "Bearer TOK-123", "Basic tok-123", BASIC, "tok-123", ""]) {
    assert.equal(checkHarborAuth("Bearer tok-123", { authorization: wrong }), "invalid credentials", wrong);
  }
  // A wrong Authorization is not rescued by a right API key header.
  assert.equal(checkHarborAuth("Bearer tok-123", { authorization: "Bearer nope", "x-scanneradapter-api-key": "tok-123" }), "invalid credentials");
  assert.equal(harborChallenge(BASIC), 'Basic realm="claro"');
  assert.equal(harborChallenge("Bearer x"), 'Bearer realm="claro"');
});

test("serve config: harbor.auth from YAML-shaped flags or CLARO_HARBOR_AUTH, validated", () => {
  assert.deepEqual(loadServeSettings({}, undefined, { CLARO_HARBOR_AUTH: "Bearer tok-123" }).harbor, { auth: "Bearer tok-123" });
  assert.deepEqual(loadServeSettings({ harbor: { auth: BASIC } }, undefined, { CLARO_HARBOR_AUTH: "Bearer tok-123" }).harbor, { auth: BASIC });
  assert.throws(
    () => loadServeSettings({}, undefined, { CLARO_HARBOR_AUTH: "tok-123" }),
    (e: unknown) => isFatalError(e) && e.code === "CONFIG_INVALID" && /harbor\.auth/.test(e.message) && !e.message.includes("tok-123"),
  );
});
