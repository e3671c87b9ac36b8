import assert from "node:assert/strict";
import { test } from "node:test";
import { parseDockerfile } from "./input.js";
import { multipleCmd } from "./multiple-cmd.js";

const run = (text: string) => multipleCmd.evaluate(parseDockerfile(text, "Dockerfile"));

test("multiple-cmd: passes", () => {
  assert.equal(run("FROM a:1\nCMD x\nFROM b:1\nCMD y").status, "pass", "FROM a:1\nCMD x\nFROM b:1\nCMD y");
});

test("multiple-cmd: fails with the offending lines as evidence", () => {
  const cases: Array<[string, number[]]> = [['FROM a:1\nCMD x\nCMD ["y"]', [3]]];
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
