import assert from "node:assert/strict";
import { test } from "node:test";
import { parseDockerfile } from "./input.js";
import { worldWritable } from "./world-writable.js";

const run = (text: string) => worldWritable.evaluate(parseDockerfile(text, "Dockerfile"));

test("world-writable: passes", () => {
  const passing = [
    "FROM a:1\nRUN chmod 755 /app && chmod -R 644 /etc/app",
    "FROM a:1\nRUN chmod 1777 /tmp/shared && chmod a+rwxt /scratch",
    "FROM a:1\nRUN chmod +w /app && chmod g+w,o-w /data",
    "FROM a:1\nRUN chmod a+w,o-w /data",
    "FROM a:1\nRUN mkdir -p -m 750 /data && install -m 0755 bin /usr/local/bin/",
    "FROM a:1\nCOPY --chmod=644 a /a\nCOPY --chown=1000 b /b",
    "FROM a:1\nRUN echo chmod 777 /x",
    "FROM a:1\nRUN sudo chmod 755 /app && find /app -exec chmod 644 {} +",
  ];
  for (const text of passing) assert.equal(run(text).status, "pass", text);
});

test("world-writable: fails with the offending lines as evidence", () => {
  const cases: Array<[string, number[]]> = [
    ["FROM a:1\nRUN chmod 777 /app", [2]],
    ["FROM a:1\nRUN chmod 755 /bin/x\nRUN chown app /app && \\\n  chmod -R 0777 /app", [3]],
    ["FROM a:1\nRUN chmod 666 /etc/passwd", [2]],
    ["FROM a:1\nRUN chmod a+w /app", [2]],
    ["FROM a:1\nRUN chmod -R o+rwx /app", [2]],
    ["FROM a:1\nRUN chmod 2777 /shared", [2]],
    ["FROM a:1\nRUN mkdir -pm 777 /data", [2]],
    ["FROM a:1\nRUN install -d --mode=0777 /data", [2]],
    ["FROM a:1\nCOPY --chmod=777 entrypoint.sh /\nRUN chmod 755 /x", [2]],
    ["FROM a:1\nCOPY --chmod=0777 a /a\nRUN <<EOF\nchmod o+w /var/log/app\nEOF", [2, 3]],
    ['FROM a:1\nRUN sh -c "chmod 777 /x"', [2]],
    // issue 11: behind a wrapper the command is still chmod
    ["FROM a:1\nRUN apt-get update && sudo chmod 777 /app", [2]],
    ["FROM a:1\nRUN sudo -u root chmod -R 777 /app", [2]],
    ["FROM a:1\nRUN chmod -R 777 /app", [2]],
    ["FROM a:1\nRUN chmod -Rv a+w /app", [2]],
    ["FROM a:1\nRUN chmod --recursive ugo+rwx /app", [2]],
    ["FROM a:1\nRUN env LC_ALL=C chmod o+w /app", [2]],
    ["FROM a:1\nRUN gosu root chmod 777 /app", [2]],
    ["FROM a:1\nRUN find /app -type d -exec chmod 777 {} \\;", [2]],
    ["FROM a:1\nRUN find /app -type f | xargs chmod a+w", [2]],
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
