import assert from "node:assert/strict";
import { test } from "node:test";
import { emptyPassword } from "./empty-password.js";
import { input } from "./testdata/fixtures.js";

test("empty-password fails on an empty password field", () => {
  const out = emptyPassword.evaluate(input({ files: { "etc/shadow": "root:*:19000:0:99999:7:::\nnopasswd::19000:0:99999:7:::\n" } }));
  assert.equal(out.status, "fail");
  if (out.status === "fail")
    assert.deepEqual(
      out.evidence.map((e) => [e.key, e.line]),
      [["nopasswd", 2]],
    );
});

test("empty-password passes locked and hashed accounts, skips without shadow", () => {
  const shadow = "root:*:19000:0:99999:7:::\ndaemon:!:19000::::::\nx:!!:1::::::\napp:$6$salt$hash:19000:0:99999:7:::\n";
  assert.equal(emptyPassword.evaluate(input({ files: { "etc/shadow": shadow } })).status, "pass");
  assert.equal(emptyPassword.evaluate(input({ files: { "etc/passwd": "root:x:0:0::/:/bin/sh\n" } })).status, "skip");
});
