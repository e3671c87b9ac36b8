import assert from "node:assert/strict";
import { test } from "node:test";
import { parseDockerfile } from "./input.js";
import { parseShell, runCommands } from "./shell-util.js";

const firstRun = (text: string) => {
  const run = parseDockerfile(text, "Dockerfile").instructions.find((i) => i.keyword === "RUN");
  assert.ok(run);
  return runCommands(run);
};

test("parseShell: pipes (also across a newline) set pipeIn; || and && do not; assignments are kept", () => {
  const cmds = parseShell("A=1 curl x | sh && b || c |\n  d; e");
  assert.deepEqual(
    cmds.map((c) => [c.program, c.pipeIn, c.assignments]),
    [
      ["curl", false, ["A=1"]],
      ["sh", true, []],
      ["b", false, []],
      ["c", false, []],
      ["d", true, []],
      ["e", false, []],
    ],
  );
});

test("runCommands: sh -c bodies are followed, in shell and exec form", () => {
  assert.deepEqual(
    firstRun("FROM a\nRUN bash -ec 'apt-get update; make'").map((c) => c.program),
    ["apt-get", "make"],
  );
  assert.deepEqual(
    firstRun('FROM a\nRUN ["/bin/sh", "-c", "x | y"]').map((c) => [c.program, c.pipeIn]),
    [
      ["x", false],
      ["y", true],
    ],
  );
});

test("runCommands: a shell running a script file is kept when there is no heredoc", () => {
  assert.deepEqual(
    firstRun("FROM a\nRUN bash install.sh").map((c) => c.words),
    [["bash", "install.sh"]],
  );
  assert.deepEqual(
    firstRun("FROM a\nRUN bash <<EOF\nmake\nEOF").map((c) => c.program),
    ["make"],
  );
});
