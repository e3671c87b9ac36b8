import assert from "node:assert/strict";
import { test } from "node:test";
import { parseDockerfile } from "./input.js";
import { secrets } from "./secrets.js";

const run = (text: string) => secrets.evaluate(parseDockerfile(text, "Dockerfile"));

test("secrets: passes", () => {
  assert.equal(
    run("FROM a:1\nENV GPG_KEY=B42F6819007F00F88E364FD4036A9C25BF357DD4 PASSWORD_FILE=/run/secrets/db DB_PASSWORD=$DB_PASSWORD\nARG NODE_VERSION=20.1.0")
      .status,
    "pass",
    "FROM a:1\nENV GPG_KEY=B42F6819007F00F88E364FD4036A9C25BF357DD4 PASSWORD_FILE=/run/secrets/db DB_PASSWORD=$DB_PASSWORD\nARG NODE_VERSION=20.1.0",
  );
  assert.equal(run("FROM a:1\nENV MYSQL_PASSWORD=changeme CACHE_KEY=v1").status, "pass", "FROM a:1\nENV MYSQL_PASSWORD=changeme CACHE_KEY=v1");
  assert.equal(run("FROM a:1 AS build\nARG GITHUB_TOKEN\nFROM b:1\nUSER app").status, "pass", "FROM a:1 AS build\nARG GITHUB_TOKEN\nFROM b:1\nUSER app");
});

test("secrets: fails with the offending lines as evidence", () => {
  const cases: Array<[string, number[]]> = [
    ["FROM a:1\nENV MYSQL_ROOT_PASSWORD=s3cr3t-Pa55", [2]],
    ["FROM a:1\nARG GITHUB_TOKEN", [2]],
    ["FROM a:1\nLABEL deploy.key=AKIAZ7VHJ2K3MXQ4W5NP", [2]],
    ["ARG TOKEN=ghp_aB3dE5gH7jK9mN1pQ3sT5vX7zA9cE1gI3kM5\nFROM a:1", [1]],
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
