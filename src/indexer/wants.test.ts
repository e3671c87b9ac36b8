import assert from "node:assert/strict";
import { test } from "node:test";
import { compileWants as compileImageWants } from "../image/paths.js";
import { compileWants } from "./wants.js";

const WANTS = ["etc/passwd", "lib/apk/db/*", "**/.npmrc", "**/*.pem", "usr/**/id_rsa"];
const PATHS = [
  "etc/passwd",
  "lib/apk/db/installed",
  "lib/apk/db/a/b",
  ".npmrc",
  "root/.npmrc",
  "a/b/c.pem",
  "c.pem.x",
  "usr/id_rsa",
  "usr/x/y/id_rsa",
  "opt/id_rsa",
];

test("indexer wants agree with the image layer walk's wants on * and **", () => {
  const mine = compileWants(WANTS);
  const theirs = compileImageWants(WANTS);
  for (const p of PATHS) assert.equal(mine(p), theirs.matches(p), p);
  assert.equal(mine("root/.npmrc"), true);
  assert.equal(mine("lib/apk/db/a/b"), false);
});
