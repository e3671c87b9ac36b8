import assert from "node:assert/strict";
import { test } from "node:test";
import { compileWants } from "./paths.js";

test("wants: * stays within one segment", () => {
  const m = compileWants(["etc/sudoers.d/*", "var/lib/dpkg/status"]);
  assert.equal(m.matches("etc/sudoers.d/app"), true);
  assert.equal(m.matches("etc/sudoers.d/a/b"), false);
  assert.equal(m.matches("var/lib/dpkg/status"), true);
  assert.equal(m.matches("var/lib/dpkg/status.d/x"), false);
});

test("wants: a ** segment spans zero or more segments", () => {
  const m = compileWants(["**/.npmrc", "**/*.pem", "usr/**/id_rsa"]);
  assert.equal(m.matches(".npmrc"), true);
  assert.equal(m.matches("root/.npmrc"), true);
  assert.equal(m.matches("home/app/project/.npmrc"), true);
  assert.equal(m.matches("root/x.npmrc"), false);
  assert.equal(m.matches("etc/ssl/private/k.pem"), true);
  assert.equal(m.matches("k.pem.bak"), false);
  assert.equal(m.matches("usr/id_rsa"), true);
  assert.equal(m.matches("usr/a/b/id_rsa"), true);
  assert.equal(m.matches("opt/id_rsa"), false);
});
