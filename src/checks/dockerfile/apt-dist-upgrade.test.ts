import assert from "node:assert/strict";
import { test } from "node:test";
import { parseDockerfile } from "./input.js";
import { aptDistUpgrade } from "./apt-dist-upgrade.js";

const run = (text: string) => aptDistUpgrade.evaluate(parseDockerfile(text, "Dockerfile"));

test("apt-dist-upgrade: passes", () => {
  assert.equal(run("FROM a:1\nRUN apt-get update && apt-get upgrade -y").status, "pass", "FROM a:1\nRUN apt-get update && apt-get upgrade -y");
});

test("apt-dist-upgrade: fails with the offending lines as evidence", () => {
  const cases: Array<[string, number[]]> = [
    ["FROM a:1\nRUN apt-get update && apt-get -y dist-upgrade", [2]],
    ["FROM a:1\nRUN apt full-upgrade -y", [2]],
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
