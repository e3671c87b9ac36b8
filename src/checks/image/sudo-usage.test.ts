import assert from "node:assert/strict";
import { test } from "node:test";
import { runsSudo, sudoUsage } from "./sudo-usage.js";
import { config, input } from "./testdata/fixtures.js";

test("runsSudo finds sudo as a program, not as a package name", () => {
  assert.equal(runsSudo("sudo apt-get install -y git"), true);
  assert.equal(runsSudo("cd /x && DEBIAN_FRONTEND=noninteractive sudo make install"), true);
  assert.equal(runsSudo("apt-get install -y sudo && echo 'app ALL=(ALL) NOPASSWD:ALL' > /etc/sudoers.d/app"), false);
});

test("sudo-usage fails on a RUN with sudo and passes otherwise", () => {
  const bad = sudoUsage.evaluate(input({ config: config({}, ["/bin/sh -c sudo chmod 777 /x"]) }));
  assert.equal(bad.status, "fail");
  assert.equal(sudoUsage.evaluate(input({ config: config({}, ["/bin/sh -c apt-get install -y sudo"]) })).status, "pass");
  assert.equal(sudoUsage.evaluate(input({ config: null })).status, "skip");
});
