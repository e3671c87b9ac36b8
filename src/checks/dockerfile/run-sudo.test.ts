import assert from "node:assert/strict";
import { test } from "node:test";
import { parseDockerfile } from "./input.js";
import { runSudo } from "./run-sudo.js";

const run = (text: string) => runSudo.evaluate(parseDockerfile(text, "Dockerfile"));

test("run-sudo: passes", () => {
  // A heredoc fed to cat is data, not a script.
  assert.equal(run("FROM a:1\nRUN cat <<EOF > /etc/sudoers.d/app\nsudo ALL=(ALL) NOPASSWD: ALL\nEOF").status, "pass");
  assert.equal(run('FROM a:1\nRUN ["sudo-wrapper", "x"]').status, "pass");
  assert.equal(run("FROM a:1\nRUN apt-get install -y sudo && echo sudo").status, "pass", "FROM a:1\nRUN apt-get install -y sudo && echo sudo");
  assert.equal(run("FROM a:1\nRUN echo 'sudo make me'").status, "pass", "FROM a:1\nRUN echo 'sudo make me'");
});

test("run-sudo: fails with the offending lines as evidence", () => {
  const cases: Array<[string, number[]]> = [
    ["FROM a:1\nRUN sudo apt-get update", [2]],
    ["FROM a:1\nRUN true && \\\n  /usr/bin/sudo -u app make", [2]],
    ["FROM a:1\nRUN <<EOF\nsudo true\nEOF", [2]],
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
