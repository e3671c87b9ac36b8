import assert from "node:assert/strict";
import { test } from "node:test";
import { parseDockerfile } from "./input.js";
import { addInsteadOfCopy } from "./add-instead-of-copy.js";

const run = (text: string) => addInsteadOfCopy.evaluate(parseDockerfile(text, "Dockerfile"));

test("add-instead-of-copy: passes", () => {
  assert.equal(run("FROM a:1\nADD app.tar.gz /opt/\nCOPY app.jar /app.jar").status, "pass", "FROM a:1\nADD app.tar.gz /opt/\nCOPY app.jar /app.jar");
  assert.equal(
    run("FROM a:1\nADD --checksum=sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb https://example.com/x.bin /x").status,
    "pass",
    "FROM a:1\nADD --checksum=sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb https://example.com/x.bin /x",
  );
});

test("add-instead-of-copy: fails with the offending lines as evidence", () => {
  const cases: Array<[string, number[]]> = [
    ["FROM a:1\nADD app.jar /app.jar", [2]],
    ["FROM a:1\nADD https://example.com/x.tar.gz /x", [2]],
    ["FROM a:1\nADD <<EOF /etc/motd\nhi\nEOF", [2]],
    ["ARG F=cfg.json\nFROM a:1\nARG F\nADD ${F} /cfg", [4]],
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
