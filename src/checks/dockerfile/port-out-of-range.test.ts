import assert from "node:assert/strict";
import { test } from "node:test";
import { parseDockerfile } from "./input.js";
import { portOutOfRange } from "./port-out-of-range.js";

const run = (text: string) => portOutOfRange.evaluate(parseDockerfile(text, "Dockerfile"));

test("port-out-of-range: passes", () => {
  assert.equal(run("FROM a:1\nEXPOSE 0 65535/udp 8000-8010").status, "pass", "FROM a:1\nEXPOSE 0 65535/udp 8000-8010");
  assert.equal(run("FROM a:1\nEXPOSE $PORT").status, "pass", "FROM a:1\nEXPOSE $PORT");
  assert.equal(run("FROM a:1\nARG P=8080\nEXPOSE $P").status, "pass", "FROM a:1\nARG P=8080\nEXPOSE $P");
});

test("port-out-of-range: fails with the offending lines as evidence", () => {
  const cases: Array<[string, number[]]> = [
    ["FROM a:1\nEXPOSE 70000", [2]],
    ["FROM a:1\nEXPOSE http", [2]],
    ["FROM a:1\nARG P=99999\nEXPOSE ${P}", [3]],
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
