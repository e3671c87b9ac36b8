import assert from "node:assert/strict";
import { test } from "node:test";
import { parseDockerfile } from "./input.js";
import { multipleHealthcheck } from "./multiple-healthcheck.js";

const run = (text: string) => multipleHealthcheck.evaluate(parseDockerfile(text, "Dockerfile"));

test("multiple-healthcheck: passes", () => {
  assert.equal(run("FROM a:1\nHEALTHCHECK CMD x\nFROM b:1\nHEALTHCHECK NONE").status, "pass", "FROM a:1\nHEALTHCHECK CMD x\nFROM b:1\nHEALTHCHECK NONE");
});

test("multiple-healthcheck: fails with the offending lines as evidence", () => {
  const cases: Array<[string, number[]]> = [["FROM a:1\nHEALTHCHECK CMD x\nHEALTHCHECK CMD y", [3]]];
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
