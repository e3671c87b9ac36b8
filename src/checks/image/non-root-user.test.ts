import assert from "node:assert/strict";
import { test } from "node:test";
import { nonRootUser } from "./non-root-user.js";
import { config, input } from "./testdata/fixtures.js";

const PASSWD = "root:x:0:0:root:/root:/bin/bash\ntoor:x:0:0::/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n";

test("non-root-user fails for every spelling of root", () => {
  for (const user of [undefined, "", "0", "0:0", "root", "root:root", "0:1000", "toor"]) {
    const out = nonRootUser.evaluate(input({ config: config(user === undefined ? {} : { User: user }), files: { "etc/passwd": PASSWD } }));
    assert.equal(out.status, "fail", `User=${String(user)}`);
    if (out.status === "fail") assert.equal(out.evidence[0]?.key, "config.User");
  }
});

test("non-root-user passes a named or numeric unprivileged user", () => {
  for (const user of ["app", "1000", "1000:1000", "app:app", "nobody"]) {
    const out = nonRootUser.evaluate(input({ config: config({ User: user }), files: { "etc/passwd": PASSWD } }));
    assert.equal(out.status, "pass", user);
  }
});

test("non-root-user skips without a config", () => {
  assert.equal(nonRootUser.evaluate(input({ config: null })).status, "skip");
});
