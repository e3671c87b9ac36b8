import assert from "node:assert/strict";
import { test } from "node:test";
import { parseDockerfile } from "./input.js";
import { duplicateStageName } from "./duplicate-stage-name.js";

const run = (text: string) => duplicateStageName.evaluate(parseDockerfile(text, "Dockerfile"));

test("duplicate-stage-name: passes", () => {
  assert.equal(run("FROM a:1 AS one\nFROM b:1 AS two\nFROM c:1").status, "pass", "FROM a:1 AS one\nFROM b:1 AS two\nFROM c:1");
});

test("duplicate-stage-name: fails with the offending lines as evidence", () => {
  const cases: Array<[string, number[]]> = [["FROM a:1 AS build\nFROM b:1 AS Build", [2]]];
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
