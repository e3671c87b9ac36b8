import assert from "node:assert/strict";
import { test } from "node:test";
import { parseDockerfile } from "./input.js";
import { updateAlone } from "./update-alone.js";

const run = (text: string) => updateAlone.evaluate(parseDockerfile(text, "Dockerfile"));

test("update-alone: passes", () => {
  assert.equal(run("FROM a:1\nRUN apt-get update && apt-get install -y x").status, "pass", "FROM a:1\nRUN apt-get update && apt-get install -y x");
  assert.equal(run("FROM a:1\nRUN apk update && apk add x").status, "pass", "FROM a:1\nRUN apk update && apk add x");
  assert.equal(
    run("FROM a:1\nRUN <<EOF\napt-get update\napt-get install -y x\nEOF").status,
    "pass",
    "FROM a:1\nRUN <<EOF\napt-get update\napt-get install -y x\nEOF",
  );
  assert.equal(
    run('FROM a:1\nRUN ["/bin/sh", "-c", "apt-get update && apt-get install -y x"]').status,
    "pass",
    'FROM a:1\nRUN ["/bin/sh", "-c", "apt-get update && apt-get install -y x"]',
  );
});

test("update-alone: fails with the offending lines as evidence", () => {
  const cases: Array<[string, number[]]> = [
    ["FROM a:1\nRUN apt-get update\nRUN apt-get install -y x", [2]],
    ["FROM a:1\nRUN apt-get install -y x && apt-get update", [2]],
    ["FROM a:1\nRUN bash <<EOF\napk update\nEOF", [2]],
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
