import assert from "node:assert/strict";
import { test } from "node:test";
import { uniqueUidGid } from "./unique-uid-gid.js";
import { input } from "./testdata/fixtures.js";

test("unique-uid-gid fails on a shared uid and a shared gid", () => {
  const out = uniqueUidGid.evaluate(
    input({
      files: {
        "etc/passwd": "root:x:0:0::/root:/bin/sh\ntoor:x:0:0::/root:/bin/sh\napp:x:1000:1000::/:/bin/sh\n",
        "etc/group": "root:x:0:\napp:x:1000:\nother:x:1000:\n",
      },
    }),
  );
  assert.equal(out.status, "fail");
  if (out.status === "fail")
    assert.deepEqual(
      out.evidence.map((e) => [e.file, e.key, e.value]),
      [
        ["etc/passwd", "toor", "0"],
        ["etc/group", "other", "1000"],
      ],
    );
});

test("unique-uid-gid passes unique ids and skips without the files", () => {
  assert.equal(
    uniqueUidGid.evaluate(input({ files: { "etc/passwd": "root:x:0:0::/:/bin/sh\napp:x:1000:1000::/:/bin/sh\n", "etc/group": "root:x:0:\n" } })).status,
    "pass",
  );
  assert.equal(uniqueUidGid.evaluate(input({ files: { "bin/sh": "" } })).status, "skip");
});
