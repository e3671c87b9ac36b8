import assert from "node:assert/strict";
import { test } from "node:test";
import { parseDockerfile } from "./input.js";
import { aptGetYes } from "./apt-get-yes.js";

const run = (text: string) => aptGetYes.evaluate(parseDockerfile(text, "Dockerfile"));

test("apt-get-yes: passes", () => {
  assert.equal(
    run("FROM a:1\nRUN apt-get install -y x && apt-get -qq install y && apt-get --yes install z && apt-get -q -q install w").status,
    "pass",
    "FROM a:1\nRUN apt-get install -y x && apt-get -qq install y && apt-get --yes install z && apt-get -q -q install w",
  );
  assert.equal(run("FROM a:1\nRUN apt-get -fmy install x").status, "pass", "FROM a:1\nRUN apt-get -fmy install x");
  assert.equal(run("FROM a:1\nRUN apt-get update").status, "pass", "FROM a:1\nRUN apt-get update");
});

test("apt-get-yes: fails with the offending lines as evidence", () => {
  const cases: Array<[string, number[]]> = [
    ["FROM a:1\nRUN apt-get install x", [2]],
    ["FROM a:1\nRUN apt-get install -y x\nRUN apt-get -q install y", [3]],
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
