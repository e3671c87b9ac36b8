import assert from "node:assert/strict";
import { test } from "node:test";
import { parseDockerfile } from "./input.js";
import { zypperClean } from "./zypper-clean.js";

const run = (text: string) => zypperClean.evaluate(parseDockerfile(text, "Dockerfile"));

test("zypper-clean: passes", () => {
  assert.equal(run("FROM a:1\nRUN zypper -n in vim && zypper cc").status, "pass", "FROM a:1\nRUN zypper -n in vim && zypper cc");
  assert.equal(run("FROM a:1\nRUN zypper install -y vim; zypper clean -a").status, "pass", "FROM a:1\nRUN zypper install -y vim; zypper clean -a");
});

test("zypper-clean: fails with the offending lines as evidence", () => {
  const cases: Array<[string, number[]]> = [["FROM a:1\nRUN zypper -n install vim", [2]]];
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
