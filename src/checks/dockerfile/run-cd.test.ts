import assert from "node:assert/strict";
import { test } from "node:test";
import { parseDockerfile } from "./input.js";
import { runCd } from "./run-cd.js";

const run = (text: string) => runCd.evaluate(parseDockerfile(text, "Dockerfile"));

test("run-cd: passes", () => {
  assert.equal(run("FROM a:1\nWORKDIR /src\nRUN make").status, "pass", "FROM a:1\nWORKDIR /src\nRUN make");
  assert.equal(run("FROM a:1\nRUN echo cd").status, "pass", "FROM a:1\nRUN echo cd");
});

test("run-cd: fails with the offending lines as evidence", () => {
  const cases: Array<[string, number[]]> = [["FROM a:1\nRUN cd /src && make", [2]]];
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
