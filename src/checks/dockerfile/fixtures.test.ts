/** The real Dockerfiles in the shared fixtures: Trivy's test Dockerfile and dockle's scanner testdata. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { sharedPath } from "../../../test/support/shared.js";
import { dockerfileRules } from "./index.js";
import { parseDockerfile, type DockerfileInput } from "./input.js";

function load(...parts: string[]): DockerfileInput {
  const path = sharedPath("fixtures", "cis", ...parts);
  return parseDockerfile(readFileSync(path, "utf8"), parts.join("/"));
}

/** rule id → [line, detail] of each piece of evidence, for the rules that do not pass. */
function findings(input: DockerfileInput): Record<string, Array<[number | undefined, string | undefined]>> {
  const out: Record<string, Array<[number | undefined, string | undefined]>> = {};
  for (const [id, rule] of Object.entries(dockerfileRules)) {
    const o = rule.evaluate(input);
    assert.notEqual(o.status, "skip", id);
    if (o.status === "fail") out[id] = o.evidence.map((e) => [e.line, e.detail]);
  }
  return out;
}

test("trivy-checks test-Dockerfile: ARG substitution in COPY, untagged FROM, no USER, no HEALTHCHECK", () => {
  const d = load("trivy-checks", "test-Dockerfile");
  assert.deepEqual(d.problems, []);
  assert.deepEqual(
    d.instructions.filter((i) => i.keyword === "COPY").map((i) => i.args),
    [
      ["target/dependency/BOOT-INF/lib", "/app/lib"],
      ["target/dependency/META-INF", "/app/META-INF"],
      ["target/dependency/BOOT-INF/classes", "/app"],
    ],
  );
  assert.deepEqual(d.instructions.find((i) => i.keyword === "ENTRYPOINT")?.args, ["java", "-cp", "app:app/lib/*", "hello.Application"]);
  assert.deepEqual(findings(d), {
    "dockerfile-healthcheck": [[1, "no HEALTHCHECK in the final stage (one inherited from the base image is not visible here)"]],
    "dockerfile-latest-tag": [[1, "'openjdk' has no tag, which means latest"]],
    "dockerfile-non-root-user": [[1, "no USER in the final stage: the container runs as root unless the base image sets a user"]],
    // `pip3 install awscli` without --no-cache-dir (hadolint DL3042; Trivy has no pip check).
    "dockerfile-pip-no-cache-dir": [[9, "pip install without --no-cache-dir keeps downloaded packages in the layer"]],
  });
});

test("dockle Dockerfile.base: ADD, recommends, root, no HEALTHCHECK, password in ENV (redacted)", () => {
  const d = load("dockle", "image-tar", "Dockerfile.base");
  assert.deepEqual(d.problems, []);
  const f = findings(d);
  assert.deepEqual(Object.keys(f).sort(), [
    "dockerfile-add-instead-of-copy",
    "dockerfile-apt-no-install-recommends",
    "dockerfile-healthcheck",
    "dockerfile-non-root-user",
    "dockerfile-secrets",
  ]);
  assert.deepEqual(
    f["dockerfile-add-instead-of-copy"]?.map(([line]) => line),
    [5],
  );
  // `apt-get install -y git` without --no-install-recommends (Trivy DS029, hadolint DL3015).
  assert.deepEqual(
    f["dockerfile-apt-no-install-recommends"]?.map(([line]) => line),
    [3],
  );
  const secret = dockerfileRules["dockerfile-secrets"].evaluate(d);
  assert.equal(secret.status, "fail");
  if (secret.status === "fail") {
    assert.equal(secret.evidence.length, 1);
    assert.equal(secret.evidence[0]?.line, 9);
    assert.equal(secret.evidence[0]?.key, "ENV");
    assert.ok(!(secret.evidence[0]?.value ?? "").includes("password"), "the secret value is redacted");
  }
});

test("dockle Dockerfile.scratch: USER scratch passes; ADD of a plain file fails", () => {
  const d = load("dockle", "image-tar", "Dockerfile.scratch");
  assert.deepEqual(findings(d), {
    "dockerfile-add-instead-of-copy": [[2, "'Dockerfile.base' is not a tar archive: COPY does the same without ADD's extra behaviour"]],
    "dockerfile-healthcheck": [[1, "no HEALTHCHECK in the final stage (one inherited from the base image is not visible here)"]],
  });
  assert.deepEqual(dockerfileRules["dockerfile-non-root-user"].evaluate(d), { status: "pass", detail: "the final stage runs as 'scratch' (line 3)" });
});
