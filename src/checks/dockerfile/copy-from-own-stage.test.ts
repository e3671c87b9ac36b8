import assert from "node:assert/strict";
import { test } from "node:test";
import { parseDockerfile } from "./input.js";
import { copyFromOwnStage } from "./copy-from-own-stage.js";

const run = (text: string) => copyFromOwnStage.evaluate(parseDockerfile(text, "Dockerfile"));

test("copy-from-own-stage: passes", () => {
  assert.equal(run("FROM a:1 AS dep\nFROM b:1\nCOPY --from=dep /x /x").status, "pass", "FROM a:1 AS dep\nFROM b:1\nCOPY --from=dep /x /x");
  assert.equal(run("FROM a:1 AS dep\nCOPY --from=other:1 /x /x").status, "pass", "FROM a:1 AS dep\nCOPY --from=other:1 /x /x");
});

test("copy-from-own-stage: fails with the offending lines as evidence", () => {
  const cases: Array<[string, number[]]> = [
    ["FROM a:1 AS Dep\nCOPY --from=dep /x /x", [2]],
    ["FROM a:1\nCOPY --from=0 /x /x", [2]],
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
