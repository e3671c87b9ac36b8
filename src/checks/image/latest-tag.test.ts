import assert from "node:assert/strict";
import { test } from "node:test";
import { latestTag } from "./latest-tag.js";
import { input } from "./testdata/fixtures.js";

test("latest-tag fails on latest, passes on a version tag, skips without a tag", () => {
  assert.equal(latestTag.evaluate(input({ ref: "alpine:latest", tag: "latest" })).status, "fail");
  assert.equal(latestTag.evaluate(input({ ref: "alpine:3.20", tag: "3.20" })).status, "pass");
  assert.equal(latestTag.evaluate(input({ ref: "docker-archive:x.tar", tag: null })).status, "skip");
});
