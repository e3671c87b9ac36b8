import assert from "node:assert/strict";
import { test } from "node:test";
import { parseDockerfile } from "./input.js";
import { aptNoInstallRecommends } from "./apt-no-install-recommends.js";

const run = (text: string) => aptNoInstallRecommends.evaluate(parseDockerfile(text, "Dockerfile"));

test("apt-no-install-recommends: passes", () => {
  const passing = [
    "FROM a:1\nRUN apt-get update && apt-get install -y --no-install-recommends curl",
    "FROM a:1\nRUN apt-get -y install --no-install-recommends x",
    "FROM a:1\nRUN apt-get install -y --no-install-recommends=true x",
    "FROM a:1\nRUN apt-get install -y --install-recommends=no x",
    "FROM a:1\nRUN apt-get -o APT::Install-Recommends=false install -y x",
    "FROM a:1\nRUN apt-get update \\\n  && apt-get install -y \\\n     --no-install-recommends \\\n     ca-certificates",
    "FROM a:1\nRUN <<EOF\napt-get update\napt-get install -y --no-install-recommends x\nEOF",
    'FROM a:1\nRUN sh -c "apt-get update && apt-get install -y --no-install-recommends x"',
    // Set once in apt.conf by an earlier RUN of this stage or a parent stage.
    "FROM a:1 AS base\nRUN echo 'APT::Install-Recommends \"false\";' > /etc/apt/apt.conf.d/99norecommends\nFROM base\nRUN apt-get install -y x",
    "FROM a:1\nRUN apt-get update && apt-get upgrade -y && echo apt-get install",
    'FROM a:1\nRUN ["apt-get", "install", "-y", "--no-install-recommends", "x"]',
  ];
  for (const text of passing) assert.equal(run(text).status, "pass", text);
});

test("apt-no-install-recommends: fails with the offending lines as evidence", () => {
  const cases: Array<[string, number[]]> = [
    ["FROM a:1\nRUN apt-get install -y curl", [2]],
    ["FROM a:1\nRUN apt-get update\nRUN apt-get -y install --no-install-recommends a\nRUN apt-get -y install b", [4]],
    ["FROM a:1\nRUN apt-get update && \\\n  apt-get install -y --no-install-recommends=false x", [2]],
    ["FROM a:1\nRUN <<EOF\napt-get update\napt-get install -y x\nEOF\nRUN true", [2]],
    ['FROM a:1\nRUN true\nRUN bash -ec "apt-get update; apt-get install -y x"', [3]],
    ['FROM a:1\nRUN ["/bin/sh", "-c", "apt-get install -y x"]', [2]],
    // The apt.conf setting of another (unrelated) stage does not apply.
    ["FROM a:1\nRUN echo 'APT::Install-Recommends \"0\";' > /etc/apt/apt.conf.d/x\nFROM b:1\nRUN apt-get install -y x", [4]],
    // Written after the install: too late.
    ["FROM a:1\nRUN apt-get install -y x\nRUN echo 'APT::Install-Recommends \"0\";' > /etc/apt/apt.conf.d/x", [2]],
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
