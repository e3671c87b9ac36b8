import assert from "node:assert/strict";
import { test } from "node:test";
import { parseDockerfile } from "./input.js";
import { workdirRelative } from "./workdir-relative.js";

const run = (text: string) => workdirRelative.evaluate(parseDockerfile(text, "Dockerfile"));

test("workdir-relative: passes", () => {
  assert.equal(
    run("FROM a:1\nWORKDIR /app\nWORKDIR C:\\\\app\nWORKDIR $HOME/app").status,
    "pass",
    "FROM a:1\nWORKDIR /app\nWORKDIR C:\\\\app\nWORKDIR $HOME/app",
  );
  assert.equal(run("ARG D=/srv\nFROM a:1\nARG D\nWORKDIR ${D}/x").status, "pass", "ARG D=/srv\nFROM a:1\nARG D\nWORKDIR ${D}/x");
});

test("workdir-relative: fails with the offending lines as evidence", () => {
  const cases: Array<[string, number[]]> = [
    ["FROM a:1\nWORKDIR app", [2]],
    ["FROM a:1\nARG D=srv\nWORKDIR ${D}", [3]],
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
