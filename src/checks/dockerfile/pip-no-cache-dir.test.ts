import assert from "node:assert/strict";
import { test } from "node:test";
import { parseDockerfile } from "./input.js";
import { pipNoCacheDir } from "./pip-no-cache-dir.js";

const run = (text: string) => pipNoCacheDir.evaluate(parseDockerfile(text, "Dockerfile"));

test("pip-no-cache-dir: passes", () => {
  const passing = [
    "FROM python:3\nRUN pip install --no-cache-dir requests",
    "FROM python:3\nRUN pip3 --no-cache-dir install -r requirements.txt",
    "FROM python:3\nRUN python3 -m pip install --no-cache-dir --upgrade pip",
    "FROM python:3\nENV PIP_NO_CACHE_DIR=1\nRUN pip install requests",
    "FROM python:3 AS base\nENV PIP_NO_CACHE_DIR=off\nFROM base\nRUN pip install requests",
    "FROM python:3\nARG PIP_NO_CACHE_DIR=1\nRUN pip install requests",
    "FROM python:3\nRUN PIP_NO_CACHE_DIR=1 pip install requests",
    "FROM python:3\nRUN export PIP_NO_CACHE_DIR=1 && pip install requests",
    "FROM python:3\nRUN --mount=type=cache,target=/root/.cache/pip pip install requests",
    "FROM python:3\nRUN pip list && pip download x && python -m venv /v",
  ];
  for (const text of passing) assert.equal(run(text).status, "pass", text);
});

test("pip-no-cache-dir: fails with the offending lines as evidence", () => {
  const cases: Array<[string, number[]]> = [
    ["FROM python:3\nRUN pip install requests", [2]],
    ["FROM python:3\nRUN pip install requests\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask", [2]],
    ["FROM python:3 AS a\nENV PIP_NO_CACHE_DIR=1\nFROM python:3\nRUN python3.12 -m pip install \\\n  -r req.txt", [4]],
    ["FROM python:3\nARG PIP_NO_CACHE_DIR\nRUN pip3 install x", [3]],
    ["FROM python:3\nRUN pip install --no-cache-dir a && pip install b", [2]],
    ["FROM python:3\nRUN <<EOF\npip install x\nEOF", [2]],
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
