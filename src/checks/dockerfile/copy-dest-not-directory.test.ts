import assert from "node:assert/strict";
import { test } from "node:test";
import { parseDockerfile } from "./input.js";
import { copyDestNotDirectory } from "./copy-dest-not-directory.js";

const run = (text: string) => copyDestNotDirectory.evaluate(parseDockerfile(text, "Dockerfile"));

test("copy-dest-not-directory: passes", () => {
  assert.equal(
    run('FROM a:1\nCOPY a b /dir/\nCOPY a /file\nADD ["a", "b", "/d/"]').status,
    "pass",
    'FROM a:1\nCOPY a b /dir/\nCOPY a /file\nADD ["a", "b", "/d/"]',
  );
});

test("copy-dest-not-directory: fails with the offending lines as evidence", () => {
  const cases: Array<[string, number[]]> = [
    ["FROM a:1\nCOPY a b /dir", [2]],
    ['FROM a:1\nADD ["a", "b", "/d"]', [2]],
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
