import assert from "node:assert/strict";
import { test } from "node:test";
import { parseDockerfile } from "./input.js";
import { port22 } from "./port-22.js";

const run = (text: string) => port22.evaluate(parseDockerfile(text, "Dockerfile"));

test("port-22: passes", () => {
  assert.equal(run("FROM a:1\nEXPOSE 2222 80/tcp 22/udp").status, "pass", "FROM a:1\nEXPOSE 2222 80/tcp 22/udp");
});

test("port-22: fails with the offending lines as evidence", () => {
  const cases: Array<[string, number[]]> = [
    ["FROM a:1\nEXPOSE 80 22/tcp", [2]],
    ["FROM a:1\nEXPOSE 20-25", [2]],
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
