import assert from "node:assert/strict";
import { test } from "node:test";
import { packageCache } from "./package-cache.js";
import { input } from "./testdata/fixtures.js";

test("package-cache fails on apt lists, .deb archives and apk cache files", () => {
  const out = packageCache.evaluate(
    input({
      files: {
        "var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_InRelease": "x",
        "var/lib/apt/lists/lock": "",
        "var/cache/apt/archives/git_1.0_amd64.deb": "deb",
        "var/cache/apk/APKINDEX.abc.tar.gz": "gz",
      },
    }),
  );
  assert.equal(out.status, "fail");
  if (out.status === "fail")
    assert.deepEqual(
      out.evidence.map((e) => e.file),
      ["var/lib/apt/lists", "var/cache/apt", "var/cache/apk"],
    );
});

test("package-cache passes on empty cache directories and skips without a filesystem", () => {
  const clean = packageCache.evaluate(
    input({
      files: { "var/lib/apt/lists/lock": "", "var/lib/apt/lists/partial": { dir: true }, "var/cache/apk": { dir: true }, "etc/os-release": "ID=debian" },
    }),
  );
  assert.equal(clean.status, "pass");
  assert.equal(packageCache.evaluate(input({ files: {} })).status, "skip");
});
