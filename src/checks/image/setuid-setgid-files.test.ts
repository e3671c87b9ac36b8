import assert from "node:assert/strict";
import { test } from "node:test";
import { memoryTree } from "../../../test/support/memory-tree.js";
import { setuidSetgidFiles } from "./setuid-setgid-files.js";
import { input, withMeta } from "./testdata/fixtures.js";

test("setuid-setgid-files lists setuid and setgid regular files with octal modes", () => {
  const tree = withMeta(memoryTree({ "usr/bin/su": "x", "usr/bin/wall": "x", "usr/bin/ls": "x", tmp: { dir: true } }), {
    "usr/bin/su": { mode: 0o104755 },
    "usr/bin/wall": { mode: 0o102755, gid: 5 },
    tmp: { mode: 0o41777 },
  });
  const out = setuidSetgidFiles.evaluate(input({ tree }));
  assert.equal(out.status, "fail");
  if (out.status !== "fail") return;
  assert.deepEqual(
    out.evidence.map((e) => [e.file, e.value, e.detail]),
    [
      ["usr/bin/su", "04755", "setuid, owner 0:0"],
      ["usr/bin/wall", "02755", "setgid, owner 0:5"],
    ],
  );
});

test("setuid-setgid-files passes without special bits and skips an empty tree", () => {
  assert.equal(setuidSetgidFiles.evaluate(input({ files: { "usr/bin/ls": "x" } })).status, "pass");
  assert.equal(setuidSetgidFiles.evaluate(input({ files: {} })).status, "skip");
});
