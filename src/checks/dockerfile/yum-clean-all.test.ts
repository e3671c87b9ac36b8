import assert from "node:assert/strict";
import { test } from "node:test";
import { parseDockerfile } from "./input.js";
import { yumCleanAll } from "./yum-clean-all.js";

const run = (text: string) => yumCleanAll.evaluate(parseDockerfile(text, "Dockerfile"));

test("yum-clean-all: passes", () => {
  assert.equal(run("FROM a:1\nRUN yum install -y vim && yum clean all").status, "pass", "FROM a:1\nRUN yum install -y vim && yum clean all");
  assert.equal(run("FROM a:1\nRUN yum -y install vim && rm -rf /var/cache/yum").status, "pass", "FROM a:1\nRUN yum -y install vim && rm -rf /var/cache/yum");
});

test("yum-clean-all: fails with the offending lines as evidence", () => {
  const cases: Array<[string, number[]]> = [
    ["FROM a:1\nRUN yum install -y vim", [2]],
    ["FROM a:1\nRUN yum clean all && yum install -y vim", [2]],
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
