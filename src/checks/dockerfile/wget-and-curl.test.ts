import assert from "node:assert/strict";
import { test } from "node:test";
import { parseDockerfile } from "./input.js";
import { wgetAndCurl } from "./wget-and-curl.js";

const run = (text: string) => wgetAndCurl.evaluate(parseDockerfile(text, "Dockerfile"));

test("wget-and-curl: passes", () => {
  assert.equal(run("FROM a:1\nRUN curl -fsSL x\nFROM b:1\nRUN wget x").status, "pass", "FROM a:1\nRUN curl -fsSL x\nFROM b:1\nRUN wget x");
});

test("wget-and-curl: fails with the offending lines as evidence", () => {
  const cases: Array<[string, number[]]> = [
    ["FROM a:1\nRUN curl -fsSL x\nRUN wget x", [3]],
    ["FROM a:1\nRUN wget -q x && curl y", [2]],
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
