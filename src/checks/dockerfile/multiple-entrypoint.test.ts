import assert from "node:assert/strict";
import { test } from "node:test";
import { parseDockerfile } from "./input.js";
import { multipleEntrypoint } from "./multiple-entrypoint.js";

const run = (text: string) => multipleEntrypoint.evaluate(parseDockerfile(text, "Dockerfile"));

test("multiple-entrypoint: passes", () => {
  assert.equal(run("FROM a:1\nENTRYPOINT x\nFROM b:1\nENTRYPOINT y").status, "pass", "FROM a:1\nENTRYPOINT x\nFROM b:1\nENTRYPOINT y");
});

test("multiple-entrypoint: fails with the offending lines as evidence", () => {
  const cases: Array<[string, number[]]> = [["FROM a:1\nENTRYPOINT x\nentrypoint y\nENTRYPOINT z", [3, 4]]];
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
