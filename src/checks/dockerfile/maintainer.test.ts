import assert from "node:assert/strict";
import { test } from "node:test";
import { parseDockerfile } from "./input.js";
import { maintainer } from "./maintainer.js";

const run = (text: string) => maintainer.evaluate(parseDockerfile(text, "Dockerfile"));

test("maintainer: passes", () => {
  assert.equal(run("FROM a:1\nLABEL org.opencontainers.image.authors=me").status, "pass", "FROM a:1\nLABEL org.opencontainers.image.authors=me");
});

test("maintainer: fails with the offending lines as evidence", () => {
  const cases: Array<[string, number[]]> = [["FROM a:1\nmaintainer me <me@example.com>", [2]]];
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
