import assert from "node:assert/strict";
import { test } from "node:test";
import { parseDockerfile } from "./input.js";
import { healthcheck } from "./healthcheck.js";

const run = (text: string) => healthcheck.evaluate(parseDockerfile(text, "Dockerfile"));

test("healthcheck: passes", () => {
  assert.equal(
    run("FROM debian:12\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1").status,
    "pass",
    "FROM debian:12\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1",
  );
  assert.equal(
    run('FROM debian:12 AS base\nHEALTHCHECK CMD ["/bin/check"]\nFROM base\nUSER app').status,
    "pass",
    'FROM debian:12 AS base\nHEALTHCHECK CMD ["/bin/check"]\nFROM base\nUSER app',
  );
});

test("healthcheck: fails with the offending lines as evidence", () => {
  const cases: Array<[string, number[]]> = [
    ["FROM debian:12\nUSER app", [1]],
    ["FROM debian:12\nHEALTHCHECK CMD x\nHEALTHCHECK NONE", [3]],
    ["FROM debian:12\nHEALTHCHECK CMD x\nFROM debian:12\nUSER app", [3]],
  ];
  for (const [text, want] of cases) {
    const outcome = run(text);
    assert.equal(outcome.status, "fail", text);
    if (outcome.status !== "fail") continue;
    assert.deepEqual(
      outcome.evidence.map((e) => e.line),
      want,
      text,
    );
    for (const e of outcome.evidence) assert.equal(e.file, "Dockerfile");
  }
});

test("healthcheck: skips when it cannot decide", () => {
  assert.equal(run("").status, "skip");
});
