import assert from "node:assert/strict";
import { test } from "node:test";
import { parseDockerfile } from "./input.js";
import { pipeToShell } from "./pipe-to-shell.js";

const run = (text: string) => pipeToShell.evaluate(parseDockerfile(text, "Dockerfile"));

test("pipe-to-shell: passes", () => {
  const passing = [
    "FROM a:1\nRUN curl -fsSL https://x/install.sh -o install.sh && sha256sum -c sums && sh install.sh",
    "FROM a:1\nRUN curl -fsSL https://x/a.tgz | tar xz",
    'FROM a:1\nRUN curl -s https://api/x | python3 -c "import sys, json; print(json.load(sys.stdin))"',
    "FROM a:1\nRUN wget https://x/install.sh | sh",
    "FROM a:1\nRUN wget -O /tmp/i.sh https://x/i.sh && bash /tmp/i.sh",
    "FROM a:1\nRUN curl -fsSLO https://x/i.sh | sh",
    "FROM a:1\nRUN curl -fsSL https://x | grep v; sh -e build.sh",
    "FROM a:1\nRUN curl -o - https://x | bash script.sh",
    "FROM a:1\nRUN curl https://x || sh fallback.sh",
  ];
  for (const text of passing) assert.equal(run(text).status, "pass", text);
});

test("pipe-to-shell: fails with the offending lines as evidence", () => {
  const cases: Array<[string, number[]]> = [
    ["FROM a:1\nRUN curl -fsSL https://get.docker.com | sh", [2]],
    ["FROM a:1\nRUN true\nRUN wget -qO- https://x/i.sh | bash -s -- --yes", [3]],
    ["FROM a:1\nRUN wget -O - https://x/i.sh | sudo -E bash -", [2]],
    ["FROM a:1\nRUN curl -sL https://deb.nodesource.com/setup_20.x | bash - \\\n  && apt-get install -y nodejs", [2]],
    ["FROM a:1\nRUN apt-get update && curl https://x/i.sh \\\n  | sh", [2]],
    ["FROM a:1\nRUN curl -sSL https://bootstrap.pypa.io/get-pip.py | python3", [2]],
    ["FROM a:1\nRUN curl https://x/a.gz | gunzip | bash -o pipefail", [2]],
    ['FROM a:1\nRUN sh -c "$(curl -fsSL https://x/install.sh)"', [2]],
    ["FROM a:1\nRUN bash <(curl -s https://x/i.sh)", [2]],
    ["FROM a:1\nRUN <<EOF\nset -e\ncurl -fsSL https://x/i.sh |\n  sh\nEOF", [2]],
    ['FROM a:1\nRUN bash -c "curl -fsSL https://x | bash"', [2]],
    ['FROM a:1\nRUN ["/bin/sh", "-c", "curl -fsSL https://x | sh"]', [2]],
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
