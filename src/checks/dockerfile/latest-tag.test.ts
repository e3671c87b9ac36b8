import assert from "node:assert/strict";
import { test } from "node:test";
import { parseDockerfile } from "./input.js";
import { latestTag } from "./latest-tag.js";

const run = (text: string) => latestTag.evaluate(parseDockerfile(text, "Dockerfile"));

test("latest-tag: passes", () => {
  assert.equal(run("FROM debian:12\nFROM scratch").status, "pass", "FROM debian:12\nFROM scratch");
  assert.equal(run("FROM golang:1.22 AS b\nFROM b").status, "pass", "FROM golang:1.22 AS b\nFROM b");
  assert.equal(
    run("FROM debian@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa").status,
    "pass",
    "FROM debian@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
  );
  assert.equal(run("ARG V=12\nFROM debian:$V").status, "pass", "ARG V=12\nFROM debian:$V");
  assert.equal(run("FROM localhost:5000/app:1.0").status, "pass", "FROM localhost:5000/app:1.0");
  assert.equal(run("ARG V\nFROM debian:$V").status, "pass", "ARG V\nFROM debian:$V");
});

test("latest-tag: fails with the offending lines as evidence", () => {
  const cases: Array<[string, number[]]> = [
    ["FROM debian", [1]],
    ["FROM debian:latest\nFROM localhost:5000/app", [1, 2]],
    ["ARG V=latest\nFROM debian:${V}", [2]],
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

test("latest-tag: skips when it cannot decide", () => {
  assert.equal(run("").status, "skip");
});
