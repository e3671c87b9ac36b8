import assert from "node:assert/strict";
import { test } from "node:test";
import { parseDockerfile } from "./input.js";
import { nonRootUser } from "./non-root-user.js";

const run = (text: string) => nonRootUser.evaluate(parseDockerfile(text, "Dockerfile"));

test("non-root-user: passes", () => {
  assert.equal(run("FROM debian:12\nUSER app").status, "pass", "FROM debian:12\nUSER app");
  assert.equal(run("FROM debian:12 AS base\nUSER 10001\nFROM base\nRUN true").status, "pass", "FROM debian:12 AS base\nUSER 10001\nFROM base\nRUN true");
  assert.equal(run("ARG U=svc\nFROM debian:12\nARG U\nUSER $U").status, "pass", "ARG U=svc\nFROM debian:12\nARG U\nUSER $U");
  assert.equal(run("FROM debian:12\nUSER root\nUSER app:app").status, "pass", "FROM debian:12\nUSER root\nUSER app:app");
});

test("non-root-user: fails with the offending lines as evidence", () => {
  const cases: Array<[string, number[]]> = [
    ["FROM debian:12\nRUN true", [1]],
    ["FROM debian:12\nUSER app\nUSER root", [3]],
    ["FROM debian:12\nUSER 0:0", [2]],
    ["FROM alpine:3.19 AS build\nUSER app\nFROM debian:12\nCMD x", [3]],
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

test("non-root-user: skips when it cannot decide", () => {
  assert.equal(run("ARG U\nFROM debian:12\nUSER $U").status, "skip");
});
