import assert from "node:assert/strict";
import { test } from "node:test";
import { parseDockerfile } from "./input.js";
import { dnfCleanAll } from "./dnf-clean-all.js";

const run = (text: string) => dnfCleanAll.evaluate(parseDockerfile(text, "Dockerfile"));

test("dnf-clean-all: passes", () => {
  assert.equal(run("FROM a:1\nRUN dnf install -y vim && dnf clean all").status, "pass", "FROM a:1\nRUN dnf install -y vim && dnf clean all");
});

test("dnf-clean-all: fails with the offending lines as evidence", () => {
  const cases: Array<[string, number[]]> = [["FROM a:1\nRUN dnf -y install vim\nRUN dnf clean all", [2]]];
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
