import assert from "node:assert/strict";
import { test } from "node:test";
import { verifiedPackages } from "./verified-packages.js";
import { config, input } from "./testdata/fixtures.js";

test("verified-packages fails when the history disables verification", () => {
  for (const cmd of [
    "/bin/sh -c apt-get install -y --allow-unauthenticated foo",
    "/bin/sh -c apk add --allow-untrusted /tmp/x.apk",
    "/bin/sh -c curl -fsSL https://get.example.com | sh",
    "/bin/sh -c dnf install --nogpgcheck -y foo",
  ]) {
    assert.equal(verifiedPackages.evaluate(input({ config: config({}, [cmd]) })).status, "fail", cmd);
  }
});

test("verified-packages is manual otherwise", () => {
  assert.equal(verifiedPackages.evaluate(input({ config: config({}, ["/bin/sh -c apt-get install -y git"]) })).status, "manual");
});
