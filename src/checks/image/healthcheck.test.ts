import assert from "node:assert/strict";
import { test } from "node:test";
import { healthcheck } from "./healthcheck.js";
import { config, input } from "./testdata/fixtures.js";

test("healthcheck passes with a test command", () => {
  const out = healthcheck.evaluate(input({ config: config({ Healthcheck: { Test: ["CMD-SHELL", "curl -f http://localhost/ || exit 1"], Interval: 30e9 } }) }));
  assert.equal(out.status, "pass");
});

test("healthcheck fails when absent or NONE", () => {
  assert.equal(healthcheck.evaluate(input({ config: config({}) })).status, "fail");
  const none = healthcheck.evaluate(input({ config: config({ Healthcheck: { Test: ["NONE"] } }) }));
  assert.equal(none.status, "fail");
  if (none.status === "fail") assert.equal(none.evidence[0]?.key, "config.Healthcheck.Test");
  assert.equal(healthcheck.evaluate(input({ config: null })).status, "skip");
});
